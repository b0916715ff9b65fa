"use client";
/**
 * A deployment, live: polls the deployment and its new log lines every second until it ends
 * (TanStack Query), so progress, resource steps and the masked log update without a reload.
 */
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef } from "react";
import { isFinished } from "#core/deployment-lifecycle";
import type { DeploymentDetail } from "../../shared/deployment-schemas";
import { CancelDeploymentButton, DeploymentButtons } from "../DeploymentButtons";
import { PageHeader } from "../PageHeader";
import { queries } from "../queries";
import { Timestamp } from "../RelativeTime";
import { Section } from "../Section";
import { StatusBadge } from "../StatusBadge";
import { DeploymentResult } from "./DeploymentResult";
import { logText } from "./log-lines";
import { ResourceSteps } from "./ResourceSteps";
import { stateText } from "./state-text";

const POLL_MS = 1000;

export function DeploymentView({ initial }: { initial: DeploymentDetail }) {
  const client = useQueryClient();
  const { data: deployment } = useQuery({
    ...queries.deployment(initial.id),
    initialData: initial,
    refetchInterval: (query) =>
      query.state.data !== undefined && isFinished(query.state.data.status) ? false : POLL_MS,
  });
  const finished = isFinished(deployment.status);
  const { data: events = [], refetch: refetchEvents } = useQuery({
    ...queries.deploymentEvents(initial.id, client),
    refetchInterval: finished ? false : POLL_MS,
  });
  // The last poll may have run before the worker stored the final lines: one more at the end.
  const wasFinished = useRef(finished);
  useEffect(() => {
    if (finished && !wasFinished.current) void refetchEvents();
    wasFinished.current = finished;
  }, [finished, refetchEvents]);
  const { done, planned } = deployment.progress;
  return (
    <>
      <PageHeader
        title={
          <>
            {deployment.operation} <code>{deployment.stack}</code>
          </>
        }
        lead={
          <>
            <a href={`/products/${deployment.product}`}>{deployment.product}</a> ·{" "}
            <StatusBadge status={deployment.status} /> · queued{" "}
            <Timestamp at={deployment.createdAt} />
            {deployment.requestId !== null && (
              <>
                {" "}
                · <a href={`/requests/${deployment.requestId}`}>request</a>
              </>
            )}
          </>
        }
      >
        <DeploymentControls deployment={deployment} />
      </PageHeader>

      <p role="status" aria-live="polite">
        {stateText(deployment)}
      </p>

      <Section id="progress" title="Progress" card>
        <label htmlFor="deployment-progress">
          {done} of {planned} resources done
        </label>
        <progress
          id="deployment-progress"
          value={done}
          max={Math.max(planned, 1)}
          style={{ width: "100%" }}
        />
      </Section>

      {deployment.error !== null && (
        <div className="alert" data-tone="danger" role="alert">
          <pre style={{ whiteSpace: "pre-wrap", margin: 0 }}>{deployment.error}</pre>
        </div>
      )}

      {deployment.summary !== null && <DeploymentResult summary={deployment.summary} />}

      <ResourceSteps resources={deployment.resources} />

      <Section id="log" title="Log">
        <pre
          aria-label="Deployment log"
          tabIndex={0}
          style={{ maxHeight: "30rem", overflow: "auto" }}
        >
          {logText(events)}
        </pre>
      </Section>
    </>
  );
}

/** Cancel while it runs; retry once it ended any way but success. */
function DeploymentControls({ deployment }: { deployment: DeploymentDetail }) {
  if (!isFinished(deployment.status))
    return deployment.cancelOutcome === "pending" ? null : (
      <CancelDeploymentButton id={deployment.id} />
    );
  if (deployment.status === "succeeded") return null;
  return (
    <DeploymentButtons
      label="Try again"
      actions={[{ label: "Retry", path: `/api/v1/deployments/${deployment.id}/retry` }]}
    />
  );
}
