/**
 * The deployment lifecycle: the operations the worker runs on a stack, the statuses a deployment
 * goes through and the sets of them every layer asks about. Pure and browser-safe; the database
 * enums (prisma/schema.prisma) hold the same values, which a test keeps equal.
 *
 *   queued ──claim──▶ running ──▶ succeeded | failed | cancelled
 *     │                  └──lease expired──▶ interrupted
 *     └──cancel──▶ cancelled
 */

export const DEPLOYMENT_OPERATIONS = ["preview", "up", "refresh", "destroy"] as const;
export type DeploymentOperation = (typeof DEPLOYMENT_OPERATIONS)[number];

export const DEPLOYMENT_STATUSES = [
  "queued",
  "running",
  "succeeded",
  "failed",
  "interrupted",
  "cancelled",
] as const;
export type DeploymentStatus = (typeof DEPLOYMENT_STATUSES)[number];

/** Waiting for or holding a worker: at most one per stack and operation (the queue's active key). */
export const ACTIVE_DEPLOYMENT_STATUSES = ["queued", "running"] as const;
export type ActiveDeploymentStatus = (typeof ACTIVE_DEPLOYMENT_STATUSES)[number];
export type FinalDeploymentStatus = Exclude<DeploymentStatus, ActiveDeploymentStatus>;

export function isFinished(status: DeploymentStatus): status is FinalDeploymentStatus {
  return !(ACTIVE_DEPLOYMENT_STATUSES as readonly DeploymentStatus[]).includes(status);
}

/** Ended without succeeding: an admin may run the same operation again as a new deployment. */
const RETRYABLE_DEPLOYMENT_STATUSES: readonly FinalDeploymentStatus[] = [
  "failed",
  "interrupted",
  "cancelled",
];

export function isRetryable(status: DeploymentStatus): boolean {
  return (RETRYABLE_DEPLOYMENT_STATUSES as readonly DeploymentStatus[]).includes(status);
}

/**
 * Operations that carry out a request and change its product (`up` deploys it, `destroy`
 * decommissions it); `preview` and `refresh` change neither.
 */
export function changesProduct(operation: DeploymentOperation): boolean {
  return operation === "up" || operation === "destroy";
}

/**
 * What became of a cancel, for the API and the deployment page: `pending` while the worker is
 * stopping the operation, `took-effect` once it ended cancelled, `ended-first` when the operation
 * ended some other way before the cancel reached it (it completed, failed, or its worker died).
 * Null when nobody asked.
 */
export const CANCEL_OUTCOMES = ["pending", "took-effect", "ended-first"] as const;
export type CancelOutcome = (typeof CANCEL_OUTCOMES)[number];

export function cancelOutcome(
  status: DeploymentStatus,
  cancelRequested: boolean,
): CancelOutcome | null {
  if (status === "cancelled") return "took-effect";
  if (!cancelRequested) return null;
  return isFinished(status) ? "ended-first" : "pending";
}
