import type { Metadata } from "next";
import Link from "next/link";
import { carriesSpec } from "#core/request-lifecycle";
import { canComment, canEditRequest, canRunDeployments } from "#portal/server/authz";
import { db } from "#portal/server/db";
import { requireUser } from "#portal/server/page-session";
import { getRequestPlan } from "#portal/server/plan-previews";
import { approvalState } from "#portal/server/approval";
import { actionsFor, getRequest, getRequestOrThrow } from "#portal/server/requests";
import { requestChanges } from "#portal/server/versions";
import { RequestChangesPanel } from "#portal/ui/request/RequestChangesPanel";
import { requestDeployments } from "#portal/server/deployments";
import { requestConsumerImpact } from "#portal/server/consumers";
import { ConsumerImpactPanel } from "#portal/ui/product/ConsumersPanel";
import { PageHeader } from "#portal/ui/PageHeader";
import { PlanPreview } from "#portal/ui/plan/PlanPreview";
import { deploymentActionsFor } from "../../../ui/request-deployment-actions";
import { RequestActions, type OfferedAction } from "#portal/ui/RequestActions";
import { RequestComments } from "#portal/ui/request/RequestComments";
import { RequestDeployments } from "#portal/ui/request/RequestDeployments";
import { SpecIssues } from "#portal/ui/request/SpecIssues";
import { StatusTimeline } from "#portal/ui/request/StatusTimeline";
import { Section } from "#portal/ui/Section";
import { StatusBadge } from "#portal/ui/StatusBadge";
import { Timestamp } from "#portal/ui/RelativeTime";
import { draftToYaml } from "#portal/shared/spec-text";
import { orNotFound } from "../../or-not-found";

export const metadata: Metadata = { title: "Request" };
export const dynamic = "force-dynamic";

const KIND_LABELS = {
  create: "New data product",
  update: "Change to a live product",
  decommission: "Decommission request",
} as const;

/** Deploying has its own buttons (below), which open the deployment's page. */
const PORTAL_ACTIONS: readonly OfferedAction[] = [
  "submit",
  "reopen",
  "withdraw",
  "approve",
  "reject",
];

/** A request: its state and history, what the viewer may do with it, its plan, spec and talk. */
export default async function RequestPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const user = await requireUser();
  const request = await orNotFound(getRequest(db(), user, id));
  const admin = canRunDeployments(user);
  const deployments = admin ? await requestDeployments(db(), id) : undefined;
  const actions = await actionsFor(db(), user, id, PORTAL_ACTIONS);
  const row = await getRequestOrThrow(db(), user, id);
  const [changes, approval] = await Promise.all([
    requestChanges(db(), row),
    approvalState(db(), row),
  ]);
  const impact = await requestConsumerImpact(db(), user, request);
  return (
    <>
      <PageHeader
        title={
          <>
            {request.domain}/{request.name}
          </>
        }
        lead={
          <>
            {KIND_LABELS[request.kind]} ·
            <StatusBadge status={request.status} /> · requested by {request.requestedBy.name}
          </>
        }
      >
        <div className="row">
          {carriesSpec(request.kind) && canEditRequest(user, request) && (
            <Link className="button" href={`/requests/${id}/edit`}>
              Edit draft
            </Link>
          )}
        </div>
      </PageHeader>

      {request.reason !== null && (
        <div className="card">
          <strong>Why decommission:</strong> {request.reason}
          {request.sunsetAt !== null && (
            <p style={{ margin: "0.5rem 0 0" }}>
              <strong>Sunset:</strong> <Timestamp at={request.sunsetAt} />: once approved, the
              product stays readable and is shown deprecated until then; the destroy is queued at
              that time.
            </p>
          )}
        </div>
      )}

      {actions.length > 0 && (
        <RequestActions requestId={id} actions={actions} approval={approval} />
      )}

      {impact !== undefined && request.kind !== "create" && (
        <Section id="consumers" title="Consumers">
          <ConsumerImpactPanel kind={request.kind} impact={impact} />
        </Section>
      )}

      {request.issues.length > 0 && carriesSpec(request.kind) && (
        <SpecIssues issues={request.issues} />
      )}

      <div className="layout-sidebar">
        <StatusTimeline history={request.history} />

        <div>
          {deployments !== undefined && (
            <RequestDeployments deployments={deployments} actions={deploymentActionsFor(request)} />
          )}

          <RequestChangesPanel changes={changes} />

          {carriesSpec(request.kind) && (
            <PlanPreview
              requestId={id}
              initial={await getRequestPlan(db(), user, id)}
              canCompute={request.issues.length === 0}
            />
          )}

          <Section id="spec" title="Spec">
            <pre aria-label="Spec as YAML">{draftToYaml(request.spec)}</pre>
          </Section>

          <RequestComments
            requestId={id}
            comments={request.comments}
            mayComment={canComment(user, request)}
          />
        </div>
      </div>
    </>
  );
}
