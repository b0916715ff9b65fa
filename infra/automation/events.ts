/**
 * Engine events into their stored form (core/deployment-progress.ts), without the kinds the portal
 * does not show and without terminal colours. Pure.
 */
import type { EngineEvent } from "@pulumi/pulumi/automation";
import { z } from "zod";
import type { StoredEvent } from "#core/deployment-progress";

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

// ESC [ … letter: the CLI colours diagnostics even in events.
// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;]*[A-Za-z]/g;
export function stripAnsi(text: string): string {
  return text.replace(ANSI, "");
}

/** Resource changes worth telling (everything but `same`), e.g. `{create: 3, update: 1}`. */
export function changesOf(resourceChanges: Record<string, number>): Record<string, number> {
  return Object.fromEntries(
    Object.entries(resourceChanges).filter(([op, count]) => op !== "same" && count > 0),
  );
}
