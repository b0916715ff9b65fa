/**
 * Engine events as the backend stores them (compact: no resource inputs/outputs, which may hold
 * large or sensitive values) and the progress they add up to. Pure.
 */
import type { EngineEvent, OpType } from "@pulumi/pulumi/automation";
import { z } from "zod";

export type StoredEvent =
  | { type: "prelude" }
  | { type: "resourcePre"; urn: string; resourceType: string; op: OpType; diffs: string[] }
  | { type: "resOutputs"; urn: string; resourceType: string; op: OpType }
  | { type: "resOpFailed"; urn: string; resourceType: string; op: OpType }
  | { type: "diagnostic"; urn?: string; severity: string; message: string }
  | { type: "policy"; urn?: string; policy: string; level: string; message: string }
  | { type: "stdout"; message: string }
  | {
      type: "summary";
      resourceChanges: Record<string, number>;
      durationSeconds: number;
      /** Policy packs that ran, name → version. */
      policyPacks: Record<string, string>;
    }
  | { type: "cancel" };

const SHOWN_SEVERITIES: ReadonlySet<string> = new Set(["info", "info#err", "warning", "error"]);

/** The stored form of an engine event; undefined for kinds the portal does not show. */
export function toStoredEvent(event: EngineEvent): StoredEvent | undefined {
  if (event.preludeEvent) return { type: "prelude" };
  const step = event.resourcePreEvent ?? event.resOutputsEvent ?? event.resOpFailedEvent;
  if (step) {
    const { urn, type: resourceType, op } = step.metadata;
    if (event.resourcePreEvent)
      return { type: "resourcePre", urn, resourceType, op, diffs: step.metadata.diffs ?? [] };
    return { type: event.resOutputsEvent ? "resOutputs" : "resOpFailed", urn, resourceType, op };
  }
  if (event.diagnosticEvent) {
    const { urn, severity, message, ephemeral } = event.diagnosticEvent;
    // The engine also streams debug diagnostics (not in the SDK's type); the CLI hides them too.
    if (ephemeral === true || !SHOWN_SEVERITIES.has(severity)) return undefined;
    return { type: "diagnostic", ...(urn ? { urn } : {}), severity, message: stripAnsi(message) };
  }
  if (event.policyEvent) {
    const { resourceUrn, policyName, enforcementLevel, message } = event.policyEvent;
    return {
      type: "policy",
      ...(resourceUrn ? { urn: resourceUrn } : {}),
      policy: policyName,
      level: enforcementLevel,
      message: stripAnsi(message),
    };
  }
  if (event.stdoutEvent) return { type: "stdout", message: stripAnsi(event.stdoutEvent.message) };
  if (event.summaryEvent) {
    const { resourceChanges, durationSeconds } = event.summaryEvent;
    return {
      type: "summary",
      resourceChanges: { ...resourceChanges },
      durationSeconds,
      policyPacks: policyPacksOf(event.summaryEvent),
    };
  }
  if (event.cancelEvent) return { type: "cancel" };
  return undefined;
}

/**
 * The engine sends the summary's policy packs as `PolicyPacks` (a Go field without a JSON tag,
 * kept for compatibility, see the SDK's SummaryEvent), not as the typed `policyPacks`.
 */
const SummaryPolicyPacks = z.object({
  PolicyPacks: z.record(z.string(), z.string()).optional(),
  policyPacks: z.record(z.string(), z.string()).optional(),
});

function policyPacksOf(summary: unknown): Record<string, string> {
  const parsed = SummaryPolicyPacks.safeParse(summary);
  return parsed.success ? { ...parsed.data.policyPacks, ...parsed.data.PolicyPacks } : {};
}

export function eventUrn(event: StoredEvent): string | undefined {
  return "urn" in event ? event.urn : undefined;
}

// ESC [ … letter: the CLI colours diagnostics even in events.
// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;]*[A-Za-z]/g;
export function stripAnsi(text: string): string {
  return text.replace(ANSI, "");
}

export type ResourceStatus = "running" | "done" | "failed";

export interface ResourceProgress {
  urn: string;
  type: string;
  op: OpType;
  status: ResourceStatus;
}

export interface Progress {
  /** Steps announced so far, at least the resources the stack had before the operation. */
  planned: number;
  done: number;
  resources: ResourceProgress[];
}

/** The stack and provider resources appear in every step list; the user deployed neither. */
export function isUserResource(type: string): boolean {
  return type !== "pulumi:pulumi:Stack" && !type.startsWith("pulumi:providers:");
}

/** Folds stored events into progress; `baseline` is the stack's resource count before the run. */
export function progressOf(events: Iterable<StoredEvent>, baseline = 0): Progress {
  const byUrn = new Map<string, ResourceProgress>();
  for (const event of events) {
    if (event.type !== "resourcePre" && event.type !== "resOutputs" && event.type !== "resOpFailed")
      continue;
    if (!isUserResource(event.resourceType)) continue;
    const status: ResourceStatus =
      event.type === "resourcePre" ? "running" : event.type === "resOutputs" ? "done" : "failed";
    const known = byUrn.get(event.urn);
    // A later pre-event of the same resource (replacement's second step) does not undo "done".
    if (known?.status === "failed" || (known?.status === "done" && status === "running")) continue;
    byUrn.set(event.urn, { urn: event.urn, type: event.resourceType, op: event.op, status });
  }
  const resources = [...byUrn.values()];
  const done = resources.filter((resource) => resource.status === "done").length;
  return { planned: Math.max(baseline, resources.length), done, resources };
}

/** Resource changes worth telling (everything but `same`), e.g. `{create: 3, update: 1}`. */
export function changesOf(resourceChanges: Record<string, number>): Record<string, number> {
  return Object.fromEntries(
    Object.entries(resourceChanges).filter(([op, count]) => op !== "same" && count > 0),
  );
}
