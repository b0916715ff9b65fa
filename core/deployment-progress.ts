/**
 * A deployment's engine events as they are stored (compact: no resource inputs or outputs, which
 * may hold large or sensitive values) and the progress they add up to: what the worker writes and
 * the portal reads back. Pure.
 */
import type { OpType } from "@pulumi/pulumi/automation";

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
  | { type: "cancel" }
  /** A line the worker itself adds: a cancel passed on, a stale stack lock released, … */
  | { type: "worker"; message: string };

export function eventUrn(event: StoredEvent): string | undefined {
  return "urn" in event ? event.urn : undefined;
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
