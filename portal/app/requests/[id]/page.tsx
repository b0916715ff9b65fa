import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { draftToYaml } from "../../../shared/spec-text";
import { availableActions, carriesSpec, pastTense } from "#core/request-lifecycle";
import { canComment, canEditRequest, canTakeAction } from "../../../server/authz";
import { db } from "../../../server/db";
import { requireUser } from "../../../server/page-session";
import { NotFoundError } from "../../../server/problems";
import { getRequestPlan } from "../../../server/plan-previews";
import { getRequest } from "../../../server/requests";
import { canRunDeployments, requestDeployments } from "../../../server/deployments";
import { DeploymentButtons } from "../../../ui/DeploymentButtons";
import { CommentForm } from "../../../ui/CommentForm";
import { PlanPreview } from "../../../ui/PlanPreview";
import { Timestamp } from "../../../ui/RelativeTime";
import { deploymentActionsFor } from "../../../ui/request-deployment-actions";
import { RequestActions, type OfferedAction } from "../../../ui/RequestActions";
import { StatusBadge } from "../../../ui/StatusBadge";

export const metadata: Metadata = { title: "Request" };
export const dynamic = "force-dynamic";

const KIND_LABELS = {
  create: "New data product",
  update: "Change to a live product",
  decommission: "Decommission request",
} as const;

/** Deploying has its own buttons (below), which open the deployment's page. */
const PORTAL_ACTIONS = new Set(["submit", "reopen", "approve", "reject"]);

export default async function RequestPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const user = await requireUser();
  const request = await getRequest(db(), user, id).catch((error: unknown) => {
    if (error instanceof NotFoundError) notFound();
    throw error;
  });
  const admin = canRunDeployments(user);
  const deployments = admin ? await requestDeployments(db(), id) : undefined;
  const deploymentActions = admin ? deploymentActionsFor(request) : [];
  const actions = availableActions(request.status).filter(
    (action): action is OfferedAction =>
      PORTAL_ACTIONS.has(action) && canTakeAction(user, action, request),
  );
  return (
    <>
      <div className="page-header">
        <div>
          <h1>
            {request.domain}/{request.name}
          </h1>
          <p className="lead">
            {KIND_LABELS[request.kind]} ·
            <StatusBadge status={request.status} /> · requested by {request.requestedBy.name}
          </p>
        </div>
        <div className="row">
          {carriesSpec(request.kind) && canEditRequest(user, request) && (
            <Link className="button" href={`/requests/${id}/edit`}>
              Edit draft
            </Link>
          )}
        </div>
      </div>

      {request.reason !== null && (
        <div className="card">
          <strong>Why decommission:</strong> {request.reason}
        </div>
      )}

      {actions.length > 0 && <RequestActions requestId={id} actions={actions} />}

      {request.issues.length > 0 && carriesSpec(request.kind) && (
        <div className="alert" data-tone="danger" role="status">
          <strong>
            {request.issues.length} issue(s) must be fixed before this can be submitted:
          </strong>
          <ul>
            {request.issues.map((issue, index) => (
              <li key={index}>
                <code>{issue.path === "" ? "spec" : issue.path}</code>: {issue.message}
              </li>
            ))}
          </ul>
        </div>
      )}

      <div className="layout-sidebar">
        <section aria-labelledby="timeline" className="card">
          <h2 id="timeline" style={{ marginTop: 0 }}>
            Status
          </h2>
          <ol className="timeline" aria-label="Status history">
            {request.history.map((change, index) => (
              <li key={index}>
                <StatusBadge status={change.to} />{" "}
                <span className="small">
                  {change.action === "create" ? "created" : pastTense(change.action)} by{" "}
                  {change.actor?.name ?? "the platform"}
                </span>
                <div className="muted small">
                  <Timestamp at={change.at} />
                </div>
                {change.reason !== null && <div className="small">“{change.reason}”</div>}
              </li>
            ))}
          </ol>
        </section>

        <div>
          {deployments !== undefined && (
            <section aria-labelledby="deployments" className="card">
              <h2 id="deployments" style={{ marginTop: 0 }}>
                Deployments
              </h2>
              {deploymentActions.length > 0 && (
                <DeploymentButtons label="Deploy" actions={deploymentActions} />
              )}
              {deployments.length === 0 ? (
                <p className="muted">Nothing previewed or deployed yet.</p>
              ) : (
                <ul aria-label="Deployments of this request">
                  {deployments.map((deployment) => (
                    <li key={deployment.id}>
                      <Link href={`/deployments/${deployment.id}`}>
                        {deployment.operation} <code>{deployment.stack}</code>
                      </Link>{" "}
                      <StatusBadge status={deployment.status} />{" "}
                      <span className="muted small">
                        <Timestamp at={deployment.createdAt} />
                      </span>
                    </li>
                  ))}
                </ul>
              )}
            </section>
          )}

          {carriesSpec(request.kind) && (
            <PlanPreview
              requestId={id}
              initial={await getRequestPlan(db(), user, id)}
              canCompute={request.issues.length === 0}
            />
          )}

          <section aria-labelledby="spec">
            <h2 id="spec">Spec</h2>
            <pre aria-label="Spec as YAML">{draftToYaml(request.spec)}</pre>
          </section>

          <section aria-labelledby="comments">
            <h2 id="comments">Comments</h2>
            {request.comments.length === 0 ? (
              <p className="muted">No comments yet.</p>
            ) : (
              <ul aria-label="Comments" style={{ listStyle: "none", padding: 0 }}>
                {request.comments.map((comment) => (
                  <li key={comment.id} className="card">
                    <div className="small muted">
                      {comment.author.name} · <Timestamp at={comment.createdAt} />
                    </div>
                    <p style={{ margin: "0.25rem 0 0", whiteSpace: "pre-wrap" }}>{comment.body}</p>
                  </li>
                ))}
              </ul>
            )}
            {canComment(user, request) && <CommentForm requestId={id} />}
          </section>
        </div>
      </div>
    </>
  );
}
