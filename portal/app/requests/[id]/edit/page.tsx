import type { Metadata } from "next";
import Link from "next/link";
import { canEditRequest } from "#portal/server/authz";
import { db } from "#portal/server/db";
import { requireUser } from "#portal/server/page-session";
import { getRequest } from "#portal/server/requests";
import { carriesSpec } from "#core/request-lifecycle";
import { PageHeader } from "#portal/ui/PageHeader";
import { SpecForm } from "#portal/ui/spec-form/SpecForm";
import { EmptyState } from "#portal/ui/States";
import { orNotFound } from "#portal/app/or-not-found";

export const metadata: Metadata = { title: "Edit request" };
export const dynamic = "force-dynamic";

export default async function EditRequestPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const user = await requireUser();
  const request = await orNotFound(getRequest(db(), user, id));
  const editable = carriesSpec(request.kind) && canEditRequest(user, request);
  return (
    <>
      <PageHeader
        title={
          <>
            Edit {request.domain}/{request.name}
          </>
        }
        lead={<Link href={`/requests/${id}`}>Back to the request</Link>}
      />
      {editable ? (
        <SpecForm requestId={id} initialDraft={request.spec} domains={[request.domain]} />
      ) : (
        <EmptyState title={`This request is ${request.status}; only drafts can be edited.`} />
      )}
    </>
  );
}
