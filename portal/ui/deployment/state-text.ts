/**
 * The sentence under a deployment's title: where it stands and, when someone cancelled it, whether
 * the cancel took effect or the operation ended first. Pure.
 */
import type { DeploymentDetail } from "../../shared/deployment-schemas";

type Shown = Pick<DeploymentDetail, "status" | "cancelOutcome">;

const STATE_TEXT: Readonly<Record<DeploymentDetail["status"], string>> = {
  queued: "Queued: waiting for a worker, or for another operation on this stack to end.",
  running: "Running.",
  succeeded: "Succeeded.",
  failed: "Failed. The error below is Pulumi's own message, with secrets masked.",
  interrupted:
    "Interrupted: the worker stopped while this ran. The stack lock was released; retry to run it again.",
  cancelled: "Cancelled: the cancel took effect; steps that had already finished are not undone.",
};

/** How an operation that ended before the cancel reached it ended, as a sentence's start. */
const ENDED_FIRST: Readonly<Record<DeploymentDetail["status"], string>> = {
  queued: "",
  running: "",
  succeeded: "Succeeded: it completed",
  failed: "Failed",
  interrupted: "Interrupted: its worker stopped",
  cancelled: "",
};

export function stateText(deployment: Shown): string {
  switch (deployment.cancelOutcome) {
    case "pending":
      return "Cancelling: the CLI is asked to stop; it finishes the steps under way and releases the stack.";
    case "ended-first":
      return `${ENDED_FIRST[deployment.status]} before the cancel reached it, so the cancel had no effect.`;
    case "took-effect":
    case null:
      return STATE_TEXT[deployment.status];
  }
}
