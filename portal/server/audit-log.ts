import "server-only";
/**
 * Reading the audit log (platform admins): the newest entries first, a page at a time, optionally
 * only those of some entities (a request, its deployments and its product, for instance).
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

export const AUDIT_PAGE_SIZE = 50;

export interface AuditPage {
  items: AuditRow[];
  pagination: { page: number; pageSize: number; total: number };
}

export async function listAudit(
  client: Db,
  filters: { page: number; pageSize?: number; entityIds?: readonly string[] | undefined },
): Promise<AuditPage> {
  const pageSize = filters.pageSize ?? AUDIT_PAGE_SIZE;
  const where = filters.entityIds === undefined ? {} : { entityId: { in: [...filters.entityIds] } };
  const [rows, total] = await Promise.all([
    client.auditLog.findMany({
      where,
      orderBy: [{ at: "desc" }, { id: "desc" }],
      skip: (filters.page - 1) * pageSize,
      take: pageSize,
      select: {
        id: true,
        at: true,
        actorLabel: true,
        action: true,
        entityType: true,
        entityId: true,
      },
    }),
    client.auditLog.count({ where }),
  ]);
  return {
    items: rows.map((row) => ({
      id: row.id,
      at: row.at.toISOString(),
      actor: row.actorLabel,
      action: row.action,
      entityType: row.entityType,
      entityId: row.entityId,
    })),
    pagination: { page: filters.page, pageSize, total },
  };
}
