"use client";
/**
 * Whether deployments can run, for platform admins where they queue them (the review queue, a
 * deployment's page): the deployment worker's state, polled, so a queued deployment is never a
 * silent wait. Ready is one quiet line; anything else is an alert saying what is going on.
 */
import { useQuery } from "@tanstack/react-query";
import type { WorkerStatus } from "../../shared/deployment-schemas";
import { queries } from "../queries";

const POLL_MS = 5000;

const HEADLINES: Readonly<Record<WorkerStatus["state"], string>> = {
  ready: "Deployment worker ready",
  starting: "Deployment worker starting: queued deployments wait until it is ready",
  "installing-cli":
    "Deployment worker waiting for the Pulumi CLI: queued deployments wait until it is ready",
  down: "Deployment worker down: deployments stay queued until a worker runs",
};

export function WorkerStatusNotice({ initial }: { initial: WorkerStatus }) {
  const { data: status } = useQuery({
    ...queries.workerStatus(),
    initialData: initial,
    refetchInterval: POLL_MS,
  });
  const headline = HEADLINES[status.state];
  if (status.state === "ready")
    return (
      <p className="muted small" role="status" aria-label="Deployment worker">
        {headline}: {status.detail}
      </p>
    );
  return (
    <div
      className="alert"
      data-tone={status.state === "down" ? "danger" : undefined}
      role="status"
      aria-label="Deployment worker"
    >
      <strong>{headline}.</strong> {status.detail}
    </div>
  );
}
