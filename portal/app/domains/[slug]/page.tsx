import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { db } from "../../../server/db";
import { getDomainOrThrow } from "../../../server/domains";
import { requireUser } from "../../../server/page-session";
import { NotFoundError } from "../../../server/problems";
import { MemberManager } from "../../../ui/MemberManager";
import { canManageDomainIntegrations } from "../../../server/authz";
import { DomainIntegrations } from "../../../ui/lineage/DomainIntegrations";

export const metadata: Metadata = { title: "Domain" };
export const dynamic = "force-dynamic";

export default async function DomainPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const user = await requireUser();
  const domain = await getDomainOrThrow(db(), user, slug).catch((error: unknown) => {
    if (error instanceof NotFoundError) notFound();
    throw error;
  });
  return (
    <>
      <div className="page-header">
        <div>
          <h1>{domain.name}</h1>
          <p className="lead">
            {domain.description ?? slug} ·{" "}
            <Link href={`/catalog?domain=${slug}`}>{domain.productCount} live product(s)</Link>
          </p>
        </div>
      </div>
      <MemberManager slug={slug} initial={domain} currentUserId={user.userId} />
      {canManageDomainIntegrations(user, slug) && <DomainIntegrations slug={slug} />}
    </>
  );
}
