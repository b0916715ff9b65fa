import type { Metadata } from "next";
import Link from "next/link";
import { draftToYaml } from "../../shared/spec-text";
import { db } from "../../server/db";
import { requireUser } from "../../server/page-session";
import { getRequestPlan } from "../../server/plan-previews";
import { getRequest, listRequests } from "../../server/requests";
import { policyStatus } from "../../../infra/plan/summary";
import { PolicyStatusBadge } from "../../ui/PolicyStatusBadge";
import { RequestActions } from "../../ui/RequestActions";
import { EmptyState, ErrorState } from "../../ui/States";

export const metadata: Metadata = { title: "Review queue" };
export const dynamic = "force-dynamic";

export default async function ReviewPage() {
  const user = await requireUser();
  if (!user.platformAdmin) {
    return <ErrorState title="Only platform admins review requests." />;
  }
  const client = db();
  const queue = await listRequests(client, user, { page: 1, pageSize: 50, status: "submitted" });
  const details = await Promise.all(
    queue.items.map(async (item) => ({
      ...(await getRequest(client, user, item.id)),
      policy: policyStatus((await getRequestPlan(client, user, item.id)).plan),
    })),
  );
  return (
    <>
      <div className="page-header">
        <div>
          <h1>Review queue</h1>
          <p className="lead">
            {queue.pagination.total} request(s) waiting. Deploying becomes available with the
            automation backend.
          </p>
        </div>
      </div>
      {details.length === 0 ? (
        <EmptyState title="No requests are waiting for review." />
      ) : (
        <ul aria-label="Requests waiting for review" style={{ listStyle: "none", padding: 0 }}>
          {details.map((request) => (
            <li key={request.id} className="card">
              <h2 style={{ marginTop: 0 }}>
                <Link href={`/requests/${request.id}`}>
                  {request.domain}/{request.name}
                </Link>{" "}
                <span className="muted small">
                  {request.kind} · by {request.requestedBy.name}
                </span>{" "}
                {request.kind === "create" && <PolicyStatusBadge status={request.policy} />}
              </h2>
              {request.displayName !== null && <p>{request.displayName}</p>}
              <details>
                <summary>Spec</summary>
                <pre>{draftToYaml(request.spec)}</pre>
              </details>
              <RequestActions requestId={request.id} actions={["approve", "reject"]} />
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
