"use client";
/**
 * The plan preview of a request: what DataProduct would create for its spec (grouped by
 * component, counted by type) and the mesh policy results, violations first. Polls while a
 * preview is being computed; offers to compute or recompute it.
 */
import { queryOptions, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { policyStatus } from "#core/plan-summary";
import type { RequestPlan } from "../../shared/api-schemas";
import { apiFetch, apiSend } from "../api-client";
import { PolicyStatusBadge } from "../PolicyStatusBadge";
import { Timestamp } from "../RelativeTime";
import { ErrorState, LoadingState } from "../States";
import { PlanResults } from "./PlanResults";

const POLL_MS = 1_000;

const planQuery = (requestId: string) =>
  queryOptions({
    queryKey: ["requests", requestId, "plan"],
    queryFn: () => apiFetch<RequestPlan>(`/api/v1/requests/${encodeURIComponent(requestId)}/plan`),
    refetchInterval: (query) =>
      query.state.data?.plan?.status === "pending" && query.state.data.running ? POLL_MS : false,
  });

export function PlanPreview({
  requestId,
  initial,
  canCompute,
}: {
  requestId: string;
  initial: RequestPlan;
  /** The spec is complete and valid, so a plan can be computed. */
  canCompute: boolean;
}) {
  const client = useQueryClient();
  const query = useQuery({ ...planQuery(requestId), initialData: initial });
  const compute = useMutation({
    mutationFn: () =>
      apiSend<RequestPlan>("POST", `/api/v1/requests/${encodeURIComponent(requestId)}/plan`),
    onSuccess: (data) => {
      client.setQueryData(planQuery(requestId).queryKey, data);
    },
  });
  const { plan, current, running } = query.data;
  const computeButton = (label: string) =>
    canCompute ? (
      <button
        type="button"
        disabled={compute.isPending}
        onClick={() => {
          compute.mutate();
        }}
      >
        {label}
      </button>
    ) : null;
  return (
    <section aria-labelledby="plan-preview" className="card">
      <div className="row" style={{ justifyContent: "space-between" }}>
        <h2 id="plan-preview" style={{ marginTop: 0 }}>
          Plan preview
        </h2>
        <PolicyStatusBadge status={policyStatus(plan)} />
      </div>
      {compute.error !== null && (
        <ErrorState title="Could not start the plan preview" detail={compute.error.message} />
      )}
      {query.error !== null && (
        <ErrorState title="Could not load the plan preview" detail={query.error.message} />
      )}
      {plan === null && (
        <div role="status">
          <p className="muted">
            {canCompute
              ? "No plan preview yet. It is computed when the request is submitted."
              : "A plan preview needs a complete, valid spec."}
          </p>
          {computeButton("Compute plan preview")}
        </div>
      )}
      {plan?.status === "pending" &&
        (running ? (
          <LoadingState label="Computing the plan preview…" />
        ) : (
          <div role="status">
            <p className="muted">The plan preview was interrupted before it finished.</p>
            {computeButton("Compute again")}
          </div>
        ))}
      {plan?.status === "failed" && (
        <>
          <ErrorState title="The plan preview failed" detail={plan.error} />
          {computeButton("Try again")}
        </>
      )}
      {plan?.status === "ready" && (
        <>
          {!current && (
            <div className="alert" data-tone="warn" role="status">
              The spec changed since this plan was computed. {computeButton("Recompute")}
            </div>
          )}
          <PlanResults resources={plan.resources} policies={plan.policies} />
          <p className="small muted">
            Computed <Timestamp at={plan.computedAt} /> under Pulumi mocks: no cloud was called.
          </p>
        </>
      )}
    </section>
  );
}
