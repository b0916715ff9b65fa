"use client";
/**
 * A deployment, live: polls the deployment and its new log lines every second until it ends
 * (TanStack Query), so progress, resource steps and the masked log update without a reload.
 */
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef } from "react";
import { isFinished } from "#core/deployment-lifecycle";
import type { DeploymentDetail, DeploymentEventItem } from "../shared/deployment-schemas";
import { CancelDeploymentButton, DeploymentButtons } from "./DeploymentButtons";
import { queries } from "./queries";
import { Timestamp } from "./RelativeTime";
import { StatusBadge } from "./StatusBadge";

const POLL_MS = 1000;

const STATE_TEXT: Readonly<Record<DeploymentDetail["status"], string>> = {
  queued: "Queued: waiting for a worker, or for another operation on this stack to end.",
  running: "Running.",
  succeeded: "Succeeded.",
  failed: "Failed. The error below is Pulumi's own message, with secrets masked.",
  interrupted:
    "Interrupted: the worker stopped while this ran. The stack lock was released; retry to run it again.",
  cancelled: "Cancelled.",
};

function stateText(deployment: DeploymentDetail): string {
  if (deployment.status === "running" && deployment.cancelRequested)
    return "Cancelling: the CLI is asked to stop; it finishes the steps under way and releases the stack.";
  return STATE_TEXT[deployment.status];
}

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
      <div className="page-header">
        <div>
          <h1>
            {deployment.operation} <code>{deployment.stack}</code>
          </h1>
          <p className="lead">
            <a href={`/products/${deployment.product}`}>{deployment.product}</a> ·{" "}
            <StatusBadge status={deployment.status} /> · queued{" "}
            <Timestamp at={deployment.createdAt} />
            {deployment.requestId !== null && (
              <>
                {" "}
                · <a href={`/requests/${deployment.requestId}`}>request</a>
              </>
            )}
          </p>
        </div>
        <DeploymentControls deployment={deployment} />
      </div>

      <p role="status" aria-live="polite">
        {stateText(deployment)}
      </p>

      <section className="card" aria-labelledby="progress">
        <h2 id="progress" style={{ marginTop: 0 }}>
          Progress
        </h2>
        <label htmlFor="deployment-progress">
          {done} of {planned} resources done
        </label>
        <progress
          id="deployment-progress"
          value={done}
          max={Math.max(planned, 1)}
          style={{ width: "100%" }}
        />
      </section>

      {deployment.error !== null && (
        <div className="alert" data-tone="danger" role="alert">
          <pre style={{ whiteSpace: "pre-wrap", margin: 0 }}>{deployment.error}</pre>
        </div>
      )}

      {deployment.summary !== null && <Summary summary={deployment.summary} />}

      <section aria-labelledby="resources">
        <h2 id="resources">Resources</h2>
        {deployment.resources.length === 0 ? (
          <p className="muted">No resource steps yet.</p>
        ) : (
          <div className="table-wrap">
            <table aria-label="Resource steps">
              <thead>
                <tr>
                  <th scope="col">Resource</th>
                  <th scope="col">Type</th>
                  <th scope="col">Step</th>
                  <th scope="col">Status</th>
                </tr>
              </thead>
              <tbody>
                {deployment.resources.map((resource) => (
                  <tr key={resource.urn}>
                    <td>
                      <code>{resource.urn.split("::").at(-1)}</code>
                    </td>
                    <td>
                      <code>{resource.type}</code>
                    </td>
                    <td>{resource.op}</td>
                    <td data-status={resource.status}>{resource.status}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <section aria-labelledby="log">
        <h2 id="log">Log</h2>
        <pre
          aria-label="Deployment log"
          tabIndex={0}
          style={{ maxHeight: "30rem", overflow: "auto" }}
        >
          {events
            .map(logLine)
            .filter((line) => line !== "")
            .join("\n") || "No output yet."}
        </pre>
      </section>
    </>
  );
}

function DeploymentControls({ deployment }: { deployment: DeploymentDetail }) {
  const base = `/api/v1/deployments/${deployment.id}`;
  if (!isFinished(deployment.status))
    return deployment.cancelRequested ? null : <CancelDeploymentButton id={deployment.id} />;
  if (deployment.status === "succeeded") return null;
  return (
    <DeploymentButtons label="Try again" actions={[{ label: "Retry", path: `${base}/retry` }]} />
  );
}

function Summary({ summary }: { summary: NonNullable<DeploymentDetail["summary"]> }) {
  const changes = Object.entries(summary.changes);
  return (
    <section className="card" aria-labelledby="summary">
      <h2 id="summary" style={{ marginTop: 0 }}>
        Result
      </h2>
      <p>
        {changes.length === 0
          ? "No changes."
          : changes.map(([op, count]) => `${count} to ${op}`).join(", ")}
      </p>
      {summary.outputs !== undefined && (
        <>
          <h3>Outputs</h3>
          <pre aria-label="Stack outputs">{JSON.stringify(summary.outputs, null, 2)}</pre>
        </>
      )}
    </section>
  );
}

function logLine({ event }: DeploymentEventItem): string {
  const text = (key: string) => {
    const value = event[key];
    return typeof value === "string" ? value : "";
  };
  switch (event.type) {
    case "resourcePre":
      return `${text("op")} ${text("resourceType")} ${text("urn").split("::").at(-1) ?? ""}…`;
    case "resOutputs":
      return `${text("op")} ${text("resourceType")} ${text("urn").split("::").at(-1) ?? ""}: done`;
    case "resOpFailed":
      return `${text("op")} ${text("resourceType")} ${text("urn").split("::").at(-1) ?? ""}: FAILED`;
    case "diagnostic":
      return `[${text("severity")}] ${text("message").trimEnd()}`;
    case "policy":
      return `[policy ${text("level")}] ${text("policy")}: ${text("message").trimEnd()}`;
    case "stdout":
      return text("message").trimEnd();
    default:
      return "";
  }
}
