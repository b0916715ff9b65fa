"use client";
/**
 * The plan preview of a request: what DataProduct would create for its spec (grouped by
 * component, counted by type) and the mesh policy results, violations first. Polls while a
 * preview is being computed; offers to compute or recompute it.
 */
import { queryOptions, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { PlannedResource, PolicyResult } from "#core/plan-result";
import {
  countsByType,
  orderPolicyResults,
  policyStatus,
  resourceTree,
  type ResourceNode,
} from "#core/plan-summary";
import type { RequestPlan } from "../shared/api-schemas";
import { apiFetch, apiSend } from "./api-client";
import { PolicyStatusBadge } from "./PolicyStatusBadge";
import { Timestamp } from "./RelativeTime";
import { ErrorState, LoadingState } from "./States";

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
          <ReadyPlan resources={plan.resources} policies={plan.policies} />
          <p className="small muted">
            Computed <Timestamp at={plan.computedAt} /> under Pulumi mocks: no cloud was called.
          </p>
        </>
      )}
    </section>
  );
}

function ReadyPlan({
  resources,
  policies,
}: {
  resources: readonly PlannedResource[];
  policies: readonly PolicyResult[];
}) {
  const counts = countsByType(resources);
  const total = counts.reduce((sum, { count }) => sum + count, 0);
  return (
    <>
      <h3>Policy results</h3>
      {policies.length === 0 ? (
        <p className="muted">No mesh controls apply to this target.</p>
      ) : (
        <PolicyTable results={orderPolicyResults(policies)} />
      )}
      <h3>
        {total} resource{total === 1 ? "" : "s"} by type
      </h3>
      <div className="table-wrap">
        <table aria-label="Resources by type">
          <thead>
            <tr>
              <th scope="col">Type</th>
              <th scope="col">Count</th>
            </tr>
          </thead>
          <tbody>
            {counts.map(({ type, count }) => (
              <tr key={type}>
                <td>
                  <code>{type}</code>
                </td>
                <td>{count}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h3>Resources by component</h3>
      <ResourceList nodes={resourceTree(resources)} label="Planned resources" />
    </>
  );
}

const OUTCOME_LABELS: Readonly<Record<PolicyResult["outcome"], string>> = {
  violation: "violation",
  pass: "pass",
  "not-applicable": "not applicable",
};

const OUTCOME_TONES: Readonly<Record<PolicyResult["outcome"], "ok" | "danger" | undefined>> = {
  violation: "danger",
  pass: "ok",
  "not-applicable": undefined,
};

function PolicyTable({ results }: { results: readonly PolicyResult[] }) {
  return (
    <div className="table-wrap">
      <table aria-label="Policy results">
        <thead>
          <tr>
            <th scope="col">Control</th>
            <th scope="col">Result</th>
            <th scope="col">Resource</th>
            <th scope="col">Message</th>
          </tr>
        </thead>
        <tbody>
          {results.map((result, index) => (
            <tr key={index}>
              <td>
                <strong>{result.controlId}</strong>
                <div className="small muted">{result.control}</div>
              </td>
              <td>
                <span className="badge" data-tone={OUTCOME_TONES[result.outcome]}>
                  {OUTCOME_LABELS[result.outcome]}
                </span>
              </td>
              <td>{result.resource === null ? "—" : <code>{result.resource}</code>}</td>
              <td className="small">{result.message}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function ResourceList({ nodes, label }: { nodes: readonly ResourceNode[]; label: string }) {
  return (
    <ul aria-label={label} className="plan-tree">
      {nodes.map(({ resource, children }) => (
        <li key={`${resource.type}::${resource.name}`}>
          <ResourceLine resource={resource} />
          {children.length > 0 && (
            <ResourceList nodes={children} label={`Children of ${resource.name}`} />
          )}
        </li>
      ))}
    </ul>
  );
}

function ResourceLine({ resource }: { resource: PlannedResource }) {
  const inputs = Object.entries(resource.inputs);
  const flags = [
    resource.protect ? "protected" : undefined,
    resource.retainOnDelete ? "retained on delete" : undefined,
  ].filter((flag) => flag !== undefined);
  const title = (
    <>
      {resource.custom ? <code>{resource.type}</code> : <strong>{resource.type}</strong>}{" "}
      <span className="muted">{resource.name}</span>
      {flags.map((flag) => (
        <span key={flag} className="badge" data-tone="info" style={{ marginLeft: "0.4rem" }}>
          {flag}
        </span>
      ))}
    </>
  );
  if (!resource.custom || inputs.length === 0) return <div>{title}</div>;
  return (
    <details>
      <summary>{title}</summary>
      <dl className="small plan-inputs">
        {inputs.map(([key, value]) => (
          <div key={key}>
            <dt>{key}</dt>
            <dd>
              <code>{value}</code>
            </dd>
          </div>
        ))}
      </dl>
    </details>
  );
}
