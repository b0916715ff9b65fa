/**
 * A deployment's stored engine events as the lines of its log: resource steps, diagnostics,
 * policy messages and program output, in the words the Pulumi CLI uses, and the worker's own
 * notes. Pure.
 */
import type { DeploymentEventItem } from "../../shared/deployment-schemas";

/** A resource's name: the last part of its URN (`urn:pulumi:stack::project::type::name`). */
export function resourceName(urn: string): string {
  return urn.split("::").at(-1) ?? "";
}

const STEP_ENDINGS: Readonly<Record<string, string>> = {
  resourcePre: "…",
  resOutputs: ": done",
  resOpFailed: ": FAILED",
};

/** The event's line; "" for events the log does not show. */
export function logLine({ event }: DeploymentEventItem): string {
  const text = (key: string) => {
    const value = event[key];
    return typeof value === "string" ? value : "";
  };
  const ending = STEP_ENDINGS[event.type];
  if (ending !== undefined)
    return `${text("op")} ${text("resourceType")} ${resourceName(text("urn"))}${ending}`;
  switch (event.type) {
    case "diagnostic":
      return `[${text("severity")}] ${text("message").trimEnd()}`;
    case "policy":
      return `[policy ${text("level")}] ${text("policy")}: ${text("message").trimEnd()}`;
    case "stdout":
      return text("message").trimEnd();
    case "worker":
      return `[meshplane] ${text("message")}`;
    default:
      return "";
  }
}

/** The log's text: one line per shown event, or a placeholder before there is any. */
export function logText(events: readonly DeploymentEventItem[]): string {
  return (
    events
      .map(logLine)
      .filter((line) => line !== "")
      .join("\n") || "No output yet."
  );
}
