import "server-only";
/**
 * Reading the audit log (platform admins): the newest entries first, a page at a time, optionally
 * only those of some entities (a request, its deployments and its product, for instance).
 */
import type { Db } from "#db/client";
import { pageOf, type Page } from "./pagination";

export interface AuditRow {
  id: string;
  at: string;
  actor: string;
  action: string;
  entityType: string;
  entityId: string;
}

export const AUDIT_PAGE_SIZE = 50;

export async function listAudit(
  client: Db,
  filters: { page: number; pageSize?: number; entityIds?: readonly string[] | undefined },
): Promise<Page<AuditRow>> {
  const where = filters.entityIds === undefined ? {} : { entityId: { in: [...filters.entityIds] } };
  return pageOf(
    { page: filters.page, pageSize: filters.pageSize ?? AUDIT_PAGE_SIZE },
    async (window) =>
      (
        await client.auditLog.findMany({
          where,
          orderBy: [{ at: "desc" }, { id: "desc" }],
          ...window,
          select: {
            id: true,
            at: true,
            actorLabel: true,
            action: true,
            entityType: true,
            entityId: true,
          },
        })
      ).map((row) => ({
        id: row.id,
        at: row.at.toISOString(),
        actor: row.actorLabel,
        action: row.action,
        entityType: row.entityType,
        entityId: row.entityId,
      })),
    () => client.auditLog.count({ where }),
  );
}
