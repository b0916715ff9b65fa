/**
 * The audit log's one writer: who changed what, when, with the state before and after, in the
 * change's own transaction. The actor is a parameter: a signed-in user, the platform token (the
 * stacks' catalog entries), a domain's API key, or the deployment worker.
 */
import type { Transaction } from "#db/client";
import { uuidv7 } from "./ids";

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

/** An Iceberg table's audit entity id: its catalog identifier, `<domain>.<product name>`. */
export function icebergTableEntityId(product: { domain: string; name: string }): string {
  return `${product.domain}.${product.name}`;
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

/**
 * An audit entry to be inserted by the statement that makes the change (a data-modifying CTE),
 * so the two are atomic without an interactive transaction. Its own id: Prisma's `uuid(7)`
 * default runs in the client, which a raw INSERT bypasses.
 */
export interface AuditRow {
  id: string;
  actorId: string | null;
  actorLabel: string;
  action: string;
  entityType: AuditEntry["entityType"];
  entityId: string;
  /** JSON text (or null), cast to jsonb in the statement. */
  before: string | null;
  after: string | null;
}

export function auditRow(actor: AuditActor, entry: AuditEntry): AuditRow {
  const json = (value: unknown) => (value === undefined ? null : JSON.stringify(value));
  return {
    id: uuidv7(),
    ...actorOf(actor),
    action: entry.action,
    entityType: entry.entityType,
    entityId: entry.entityId,
    before: json(entry.before),
    after: json(entry.after),
  };
}

/**
 * `INSERT INTO audit_log … SELECT … FROM <source>`: the row written once for each row the CTE
 * `source` of the same statement returns, so a change that touched nothing (a lost
 * compare-and-swap) leaves no entry. Its parameters are `auditParams(row)` from `$first` on.
 */
export function auditInsertFrom(source: string, first: number): string {
  const $ = (k: number) => `$${first + k}`;
  return `INSERT INTO "audit_log" ("id", "actor_id", "actor_label", "action", "entity_type", "entity_id", "before", "after")
   SELECT ${$(0)}, ${$(1)}, ${$(2)}, ${$(3)}, ${$(4)}, ${$(5)}, ${$(6)}::jsonb, ${$(7)}::jsonb FROM ${source}`;
}

export function auditParams(row: AuditRow): (string | null)[] {
  return [
    row.id,
    row.actorId,
    row.actorLabel,
    row.action,
    row.entityType,
    row.entityId,
    row.before,
    row.after,
  ];
}

/** An Audit bound to one actor and transaction. */
export function auditBy(tx: Transaction, actor: AuditActor): Audit {
  return (entry) => writeAudit(tx, actor, entry);
}
