import type { Metadata } from "next";
import Link from "next/link";
import { canCreateRequest, requestDomains } from "#portal/server/authz";
import { db } from "#portal/server/db";
import { openDomains } from "#portal/server/domains";
import { requireUser } from "#portal/server/page-session";
import { NotFoundError } from "#portal/server/problems";
import { getProductOrThrow } from "#portal/server/products";
import { newDraft } from "#portal/shared/spec-draft";
import { splitProductRef } from "#contract";
import { PageHeader } from "#portal/ui/PageHeader";
import { SpecForm } from "#portal/ui/spec-form/SpecForm";
import { EmptyState } from "#portal/ui/States";
import { OdcsImport } from "#portal/ui/request/OdcsImport";

export const metadata: Metadata = { title: "New request" };
export const dynamic = "force-dynamic";

/** `?update=domain/name`: a change to a live product, starting from its current spec. */
export default async function NewRequestPage({
  searchParams,
}: {
  searchParams: Promise<{ update?: string | string[] }>;
}) {
  const { update } = await searchParams;
  return typeof update === "string" ? <ChangeRequest product={update} /> : <CreateRequest />;
}

async function CreateRequest() {
  const user = await requireUser();
  const domains = await openDomains(db(), requestDomains(user));
  return (
    <>
      <PageHeader
        title="Request a data product"
        lead="Fill in the contract; it is checked as you type. Save a draft any time."
      />
      {domains.length === 0 ? (
        <EmptyState title="You are not a member of any domain.">
          <p>Ask a domain owner to add you before requesting a product.</p>
        </EmptyState>
      ) : (
        <>
          <OdcsImport />
          <SpecForm initialDraft={newDraft(domains[0] ?? "", user.email)} domains={domains} />
        </>
      )}
    </>
  );
}

async function ChangeRequest({ product: ref }: { product: string }) {
  const user = await requireUser();
  const { domain, name } = splitProductRef(ref);
  const product = await getProductOrThrow(db(), user, domain, name).catch((error: unknown) => {
    if (error instanceof NotFoundError) return undefined;
    throw error;
  });
  const changeable = product?.status === "live" && canCreateRequest(user, domain);
  return (
    <>
      <PageHeader
        title={
          <>
            Change {domain}/{name}
          </>
        }
        lead={
          <>
            Edit the live product&apos;s contract; once approved and deployed, the stack is updated
            in place. <Link href={`/products/${domain}/${name}`}>Back to the product</Link>
          </>
        }
      />
      {product === undefined || !changeable ? (
        <EmptyState title="Only members of a live product's domain can propose a change to it." />
      ) : (
        <SpecForm initialDraft={product.spec} domains={[domain]} kind="update" />
      )}
    </>
  );
}
