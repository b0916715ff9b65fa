import type { Metadata } from "next";
import { listAudit } from "../../server/audit-log";
import { canReadAuditLog } from "../../server/authz";
import { db } from "../../server/db";
import { requireUser } from "../../server/page-session";
import { PageHeader } from "../../ui/PageHeader";
import { PaginationNav } from "../../ui/PaginationNav";
import { Timestamp } from "../../ui/RelativeTime";
import { pageHref, pageParam, type SearchParams } from "../../ui/search-params";
import { EmptyState, ErrorState } from "../../ui/States";
import { Table } from "../../ui/Table";

export const metadata: Metadata = { title: "Audit log" };
export const dynamic = "force-dynamic";

/**
 * `?entity=a,b`: only the entries of these entities (ids of requests, deployments, products);
 * `?page=`: older entries, a page at a time.
 */
export default async function AuditPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const user = await requireUser();
  if (!canReadAuditLog(user))
    return <ErrorState title="Only platform admins read the audit log." />;
  const { entity, page } = await searchParams;
  const ids = [entity ?? []]
    .flat()
    .flatMap((value) => value.split(","))
    .filter(Boolean);
  const { items: rows, pagination } = await listAudit(db(), {
    page: pageParam(page),
    entityIds: ids.length === 0 ? undefined : ids,
  });
  return (
    <>
      <PageHeader
        title="Audit log"
        lead={
          <>
            Every change, who made it and when, newest first
            {ids.length > 0
              ? ` (for ${ids.length} entit${ids.length === 1 ? "y" : "ies"})`
              : ""}: {pagination.total} in all.
          </>
        }
      />
      {rows.length === 0 ? (
        <EmptyState
          title={pagination.page > 1 ? "No entries on this page." : "No audit entries."}
        />
      ) : (
        <Table label="Audit log" columns={["When", "Who", "Action", "Entity"]}>
          {rows.map((row) => (
            <tr key={row.id}>
              <td className="small">
                <Timestamp at={row.at} />
              </td>
              <td>{row.actor}</td>
              <td>
                <code>{row.action}</code>
              </td>
              <td className="small">
                {row.entityType} <code>{row.entityId}</code>
              </td>
            </tr>
          ))}
        </Table>
      )}
      <PaginationNav
        {...pagination}
        href={pageHref("/audit", { entity: ids.length === 0 ? undefined : ids.join(",") })}
        label="Pages of the audit log"
      />
    </>
  );
}
