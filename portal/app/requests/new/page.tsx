import type { Metadata } from "next";
import { newDraft } from "../../../shared/spec-draft";
import { requireUser } from "../../../server/page-session";
import { SpecForm } from "../../../ui/SpecForm";
import { EmptyState } from "../../../ui/States";

export const metadata: Metadata = { title: "New request" };
export const dynamic = "force-dynamic";

export default async function NewRequestPage() {
  const user = await requireUser();
  const domains = [...user.domainRoles.keys()].sort();
  return (
    <>
      <div className="page-header">
        <div>
          <h1>Request a data product</h1>
          <p className="lead">
            Fill in the contract; it is checked as you type. Save a draft any time.
          </p>
        </div>
      </div>
      {domains.length === 0 ? (
        <EmptyState title="You are not a member of any domain.">
          <p>Ask a domain owner to add you before requesting a product.</p>
        </EmptyState>
      ) : (
        <SpecForm initialDraft={newDraft(domains[0] ?? "", user.email)} domains={domains} />
      )}
    </>
  );
}
