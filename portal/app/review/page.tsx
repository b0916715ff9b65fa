import type { Metadata } from "next";
import Link from "next/link";
import type { ReactNode } from "react";
import type { RequestSummary } from "../../shared/api-schemas";
import { carriesSpec, DEPLOYABLE_STATUSES } from "#core/request-lifecycle";
import { db } from "../../server/db";
import { requireUser } from "../../server/page-session";
import { getRequestPlan } from "../../server/plan-previews";
import { approvalState } from "../../server/approval";
import { actionsFor, getRequest, getRequestOrThrow, listRequests } from "../../server/requests";
import { requestChanges } from "../../server/versions";
import { RequestChangesPanel } from "../../ui/request/RequestChangesPanel";
import { canReviewRequests, requestScope } from "../../server/authz";
import { getWorkerStatus } from "../../server/worker-status";
import { requestConsumerImpact } from "../../server/consumers";
import { ConsumerImpactPanel } from "../../ui/product/ConsumersPanel";
import { policyStatus } from "#core/plan-summary";
import { DeploymentButtons } from "../../ui/DeploymentButtons";
import { WorkerStatusNotice } from "../../ui/deployment/WorkerStatusNotice";
import { PageHeader } from "../../ui/PageHeader";
import { PaginationNav } from "../../ui/PaginationNav";
import { PolicyStatusBadge } from "../../ui/PolicyStatusBadge";
import { deploymentActionsFor } from "../../ui/request-deployment-actions";
import { RequestActions } from "../../ui/RequestActions";
import { pageHref, pageParam, type SearchParams } from "../../ui/search-params";
import { Section } from "../../ui/Section";
import { SpecDetails } from "../../ui/SpecDetails";
import { EmptyState, ErrorState } from "../../ui/States";
import { StatusBadge } from "../../ui/StatusBadge";

export const metadata: Metadata = { title: "Review queue" };
export const dynamic = "force-dynamic";

/** What a reviewer does to a submitted request (under four eyes, not approve what they wrote). */
const REVIEW_ACTIONS = ["approve", "reject"] as const;

/** Each request in the queue shows its spec and plan: a page of them is enough to load at once. */
const PAGE_SIZE = 20;

/** A request in either list: its product (linking to the request), who asked, and `children`. */
function RequestHeading({ request, children }: { request: RequestSummary; children: ReactNode }) {
  return (
    <>
      <h3 style={{ marginTop: 0 }}>
        <Link href={`/requests/${request.id}`}>
          {request.domain}/{request.name}
        </Link>{" "}
        <span className="muted small">
          {request.kind} · by {request.requestedBy.name}
        </span>{" "}
        {children}
      </h3>
      {request.displayName !== null && <p>{request.displayName}</p>}
    </>
  );
}

/** `?page=` pages the requests waiting for review, `?ready=` those ready to deploy. */
export default async function ReviewPage({
  searchParams,
}: {
  searchParams: Promise<SearchParams>;
}) {
  const user = await requireUser();
  if (!canReviewRequests(user)) {
    return <ErrorState title="Only platform admins review requests." />;
  }
  const params = await searchParams;
  const pages = { page: pageParam(params.page), ready: pageParam(params.ready) };
  // Paging one list keeps the other where it is.
  const kept = Object.fromEntries(
    Object.entries(pages).map(([key, page]) => [key, page > 1 ? String(page) : undefined]),
  );
  const href = (key: keyof typeof pages) => pageHref("/review", kept, key);
  const client = db();
  const scope = requestScope(user);
  const [queue, ready, worker] = await Promise.all([
    listRequests(client, scope, { page: pages.page, pageSize: PAGE_SIZE, status: "submitted" }),
    listRequests(client, scope, {
      page: pages.ready,
      pageSize: PAGE_SIZE,
      status: DEPLOYABLE_STATUSES,
    }),
    getWorkerStatus(client),
  ]);
  const details = await Promise.all(
    queue.items.map(async (item) => {
      const row = await getRequestOrThrow(client, user, item.id);
      const request = await getRequest(client, user, item.id);
      return {
        ...request,
        impact: await requestConsumerImpact(client, user, request),
        policy: policyStatus((await getRequestPlan(client, user, item.id)).plan),
        actions: await actionsFor(client, user, item.id, REVIEW_ACTIONS),
        changes: await requestChanges(client, row),
        approval: await approvalState(client, row),
      };
    }),
  );
  return (
    <>
      <PageHeader
        title="Review queue"
        lead={
          <>
            {queue.pagination.total} request(s) waiting for review,{" "}
            <a href="#ready-to-deploy">{ready.pagination.total} ready to deploy</a>.
          </>
        }
      />

      <Section id="waiting-for-review" title="Waiting for review">
        {details.length === 0 ? (
          <EmptyState title="No requests are waiting for review." />
        ) : (
          <ul aria-label="Requests waiting for review" style={{ listStyle: "none", padding: 0 }}>
            {details.map((request) => (
              <li key={request.id} className="card">
                <RequestHeading request={request}>
                  {carriesSpec(request.kind) && <PolicyStatusBadge status={request.policy} />}
                </RequestHeading>
                <RequestChangesPanel id={`changes-${request.id}`} changes={request.changes} />
                {request.impact !== undefined && request.kind !== "create" && (
                  <ConsumerImpactPanel kind={request.kind} impact={request.impact} />
                )}
                <SpecDetails spec={request.spec} summary="Spec" />
                <RequestActions
                  requestId={request.id}
                  actions={request.actions}
                  approval={request.approval}
                />
              </li>
            ))}
          </ul>
        )}
        <PaginationNav
          {...queue.pagination}
          href={href("page")}
          label="Pages of requests waiting for review"
        />
      </Section>

      <Section id="ready-to-deploy" title="Ready to deploy">
        <WorkerStatusNotice initial={worker} />
        <p className="muted">
          Approved requests, and those whose deployment failed: deploy (or destroy, for a
          decommission) from here or from the request.
        </p>
        {ready.items.length === 0 ? (
          <EmptyState title="Nothing is waiting to be deployed." />
        ) : (
          <ul aria-label="Requests ready to deploy" style={{ listStyle: "none", padding: 0 }}>
            {ready.items.map((request) => (
              <li key={request.id} className="card">
                <RequestHeading request={request}>
                  <StatusBadge status={request.status} />
                </RequestHeading>
                <DeploymentButtons
                  label={`Deploy ${request.domain}/${request.name}`}
                  actions={deploymentActionsFor(request)}
                />
              </li>
            ))}
          </ul>
        )}
        <PaginationNav
          {...ready.pagination}
          href={href("ready")}
          label="Pages of requests ready to deploy"
        />
      </Section>
    </>
  );
}
