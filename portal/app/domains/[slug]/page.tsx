import type { Metadata } from "next";
import Link from "next/link";
import { db } from "#portal/server/db";
import { getDomainOrThrow } from "#portal/server/domains";
import { domainAccessPage } from "#portal/server/access";
import { DomainAccess } from "#portal/ui/DomainAccess";
import { requireUser } from "#portal/server/page-session";
import {
  canAdministerDomains,
  canManageDomainIntegrations,
  canRunDeployments,
} from "#portal/server/authz";
import { DomainSettingsForm } from "#portal/ui/DomainAdmin";
import { MemberManager } from "#portal/ui/MemberManager";
import { PageHeader } from "#portal/ui/PageHeader";
import { DomainIntegrations } from "#portal/ui/lineage/DomainIntegrations";
import { orNotFound } from "../../or-not-found";

export const metadata: Metadata = { title: "Domain" };
export const dynamic = "force-dynamic";

export default async function DomainPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const user = await requireUser();
  const domain = await orNotFound(getDomainOrThrow(db(), user, slug));
  const access = await domainAccessPage(db(), user, slug);
  return (
    <>
      <PageHeader
        title={domain.name}
        lead={
          <>
            {domain.description ?? slug} ·{" "}
            <Link href={`/catalog?domain=${slug}`}>{domain.productCount} live product(s)</Link>
            {domain.archived && " · archived: it takes no new requests"}
          </>
        }
      />
      <MemberManager slug={slug} initial={domain} />
      <DomainAccess slug={slug} view={access} linkDeployments={canRunDeployments(user)} />
      {canAdministerDomains(user) && <DomainSettingsForm domain={domain} />}
      {canManageDomainIntegrations(user, slug) && <DomainIntegrations slug={slug} />}
    </>
  );
}
