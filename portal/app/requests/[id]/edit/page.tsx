import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { canEditRequest } from "../../../../server/authz";
import { db } from "../../../../server/db";
import { requireUser } from "../../../../server/page-session";
import { NotFoundError } from "../../../../server/problems";
import { getRequest } from "../../../../server/requests";
import { SpecForm } from "../../../../ui/spec-form/SpecForm";
import { EmptyState } from "../../../../ui/States";
import { carriesSpec } from "../../../../shared/request-lifecycle";

export const metadata: Metadata = { title: "Edit request" };
export const dynamic = "force-dynamic";

export default async function EditRequestPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const user = await requireUser();
  const request = await getRequest(db(), user, id).catch((error: unknown) => {
    if (error instanceof NotFoundError) notFound();
    throw error;
  });
  const editable = carriesSpec(request.kind) && canEditRequest(user, request);
  return (
    <>
      <div className="page-header">
        <div>
          <h1>
            Edit {request.domain}/{request.name}
          </h1>
          <p className="lead">
            <Link href={`/requests/${id}`}>Back to the request</Link>
          </p>
        </div>
      </div>
      {editable ? (
        <SpecForm requestId={id} initialDraft={request.spec} domains={[request.domain]} />
      ) : (
        <EmptyState title={`This request is ${request.status}; only drafts can be edited.`} />
      )}
    </>
  );
}
