import "server-only";
/**
 * Reading the audit log (platform admins): the newest entries first, optionally only those of
 * some entities (a request, its deployments and its product, for instance).
 */
import type { Db } from "./db";

export interface AuditRow {
  id: string;
  at: string;
  actor: string;
  action: string;
  entityType: string;
  entityId: string;
}

export const AUDIT_PAGE_SIZE = 200;

export async function recentAudit(client: Db, entityIds?: readonly string[]): Promise<AuditRow[]> {
  const rows = await client.auditLog.findMany({
    where: entityIds === undefined ? {} : { entityId: { in: [...entityIds] } },
    orderBy: [{ at: "desc" }, { id: "desc" }],
    take: AUDIT_PAGE_SIZE,
    select: {
      id: true,
      at: true,
      actorLabel: true,
      action: true,
      entityType: true,
      entityId: true,
    },
  });
  return rows.map((row) => ({
    id: row.id,
    at: row.at.toISOString(),
    actor: row.actorLabel,
    action: row.action,
    entityType: row.entityType,
    entityId: row.entityId,
  }));
}
