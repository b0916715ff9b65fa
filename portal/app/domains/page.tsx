import type { Metadata } from "next";
import Link from "next/link";
import { db } from "../../server/db";
import { listDomains } from "../../server/domains";
import { requireUser } from "../../server/page-session";
import { EmptyState } from "../../ui/States";

export const metadata: Metadata = { title: "Domains" };
export const dynamic = "force-dynamic";

export default async function DomainsPage() {
  const user = await requireUser();
  const domains = await listDomains(db());
  return (
    <>
      <div className="page-header">
        <div>
          <h1>Domains</h1>
          <p className="lead">Teams that own data products. Owners manage who belongs.</p>
        </div>
      </div>
      {domains.length === 0 ? (
        <EmptyState title="No domains yet." />
      ) : (
        <div className="table-wrap">
          <table aria-label="Domains">
            <thead>
              <tr>
                <th scope="col">Domain</th>
                <th scope="col">Owners</th>
                <th scope="col">Members</th>
                <th scope="col">Live products</th>
                <th scope="col">My role</th>
              </tr>
            </thead>
            <tbody>
              {domains.map((domain) => (
                <tr key={domain.slug}>
                  <td>
                    <Link href={`/domains/${domain.slug}`}>{domain.name}</Link>
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
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
