import "server-only";
/** The audit log: who changed what, when, with the state before and after, in the change's transaction. */
import type { Principal } from "./authz";
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
    | "availability-probe";
  entityId: string;
  before?: unknown;
  after?: unknown;
}

function actorOf(principal: Principal): { actorId: string | null; actorLabel: string } {
  switch (principal.kind) {
    case "user":
      return { actorId: principal.userId, actorLabel: principal.email };
    case "platform":
      return { actorId: null, actorLabel: "platform-token" };
    case "lineage-key":
      return { actorId: null, actorLabel: `api-key:${principal.keyId}` };
  }
}

/** JSON columns take JSON: dates become ISO strings, undefined becomes null. */
function asJson(value: unknown): unknown {
  return value === undefined ? null : (JSON.parse(JSON.stringify(value)) as unknown);
}

export async function writeAudit(
  tx: Transaction,
  principal: Principal,
  entry: AuditEntry,
): Promise<void> {
  await tx.auditLog.create({
    data: {
      ...actorOf(principal),
      action: entry.action,
      entityType: entry.entityType,
      entityId: entry.entityId,
      before: asJson(entry.before) as never,
      after: asJson(entry.after) as never,
    },
  });
}
