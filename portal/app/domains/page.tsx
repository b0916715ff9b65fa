import type { Metadata } from "next";
import Link from "next/link";
import { db } from "../../server/db";
import { canAdministerDomains } from "../../server/authz";
import { listDomains } from "../../server/domains";
import { requireUser } from "../../server/page-session";
import { CreateDomainForm } from "../../ui/DomainAdmin";
import { PageHeader } from "../../ui/PageHeader";
import { EmptyState } from "../../ui/States";
import { Table } from "../../ui/Table";

export const metadata: Metadata = { title: "Domains" };
export const dynamic = "force-dynamic";

export default async function DomainsPage() {
  const user = await requireUser();
  const domains = await listDomains(db());
  return (
    <>
      <PageHeader title="Domains" lead="Teams that own data products. Owners manage who belongs." />
      {domains.length === 0 ? (
        <EmptyState title="No domains yet." />
      ) : (
        <Table
          label="Domains"
          columns={["Domain", "Owners", "Members", "Live products", "My role"]}
        >
          {domains.map((domain) => (
            <tr key={domain.slug}>
              <td>
                <Link href={`/domains/${domain.slug}`}>{domain.name}</Link>
                {domain.archived && <span className="muted small"> (archived)</span>}
                {domain.description !== null && (
                  <div className="muted small">{domain.description}</div>
                )}
              </td>
              <td>
                {domain.owners.length === 0
                  ? "—"
                  : domain.owners.map((owner) => owner.name).join(", ")}
              </td>
              <td>{domain.memberCount}</td>
              <td>{domain.productCount}</td>
              <td>{user.domainRoles.get(domain.slug) ?? "—"}</td>
            </tr>
          ))}
        </Table>
      )}
      {canAdministerDomains(user) && <CreateDomainForm />}
    </>
  );
}
