/**
 * The audit log's one writer: who changed what, when, with the state before and after, in the
 * change's own transaction. The actor is a parameter: a signed-in user, the platform token (the
 * stacks' catalog entries), a domain's API key, or the deployment worker.
 */
import type { Transaction } from "#db/client";

export interface AuditEntry {
  /** Verb in the past tense, e.g. `request.submitted`. */
  action: string;
  entityType:
    | "request"
    | "product"
    | "domain"
    | "comment"
    | "deployment"
    | "api-key"
    | "webhook"
    | "dataset-link"
    | "availability-probe"
    | "iceberg-table"
    | "access-grant";
  entityId: string;
  before?: unknown;
  after?: unknown;
}

/** Who acted; the portal's principals are actors as they are. */
export type AuditActor =
  | { kind: "user"; userId: string; email: string }
  | { kind: "platform" }
  | { kind: "lineage-key"; keyId: string }
  | { kind: "automation" };

/** The deployment worker, acting on its own (a deployment's end and what follows from it). */
export const AUTOMATION: AuditActor = { kind: "automation" };

/** Writes one entry by an actor already chosen (withApi's caller, the worker). */
export type Audit = (entry: AuditEntry) => Promise<void>;

/** The user behind an action, for rows that reference users (status history); else null. */
export function actingUserId(actor: AuditActor): string | null {
  return actor.kind === "user" ? actor.userId : null;
}

function actorOf(actor: AuditActor): { actorId: string | null; actorLabel: string } {
  switch (actor.kind) {
    case "user":
      return { actorId: actor.userId, actorLabel: actor.email };
    case "platform":
      return { actorId: null, actorLabel: "platform-token" };
    case "lineage-key":
      return { actorId: null, actorLabel: `api-key:${actor.keyId}` };
    case "automation":
      return { actorId: null, actorLabel: "automation" };
  }
}

/** JSON columns take JSON: dates become ISO strings, undefined becomes null. */
function asJson(value: unknown): unknown {
  return value === undefined ? null : (JSON.parse(JSON.stringify(value)) as unknown);
}

export async function writeAudit(
  tx: Transaction,
  actor: AuditActor,
  entry: AuditEntry,
): Promise<void> {
  await tx.auditLog.create({
    data: {
      ...actorOf(actor),
      action: entry.action,
      entityType: entry.entityType,
      entityId: entry.entityId,
      before: asJson(entry.before) as never,
      after: asJson(entry.after) as never,
    },
  });
}

/** An Audit bound to one actor and transaction. */
export function auditBy(tx: Transaction, actor: AuditActor): Audit {
  return (entry) => writeAudit(tx, actor, entry);
}
