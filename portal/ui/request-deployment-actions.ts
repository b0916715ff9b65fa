/**
 * The deployment buttons a request offers a platform admin, from its kind and status: the request
 * page and the review queue's "Ready to deploy" list show the same ones.
 */
import type { RequestSummary } from "../shared/api-schemas";
import { DEPLOYABLE_STATUSES, isPreviewable } from "#core/request-lifecycle";
import type { DeploymentAction } from "./DeploymentButtons";

export function deploymentActionsFor(
  request: Pick<RequestSummary, "id" | "kind" | "status" | "domain" | "name">,
): DeploymentAction[] {
  const base = `/api/v1/requests/${request.id}`;
  const actions: DeploymentAction[] = [];
  if (isPreviewable(request.kind, request.status))
    actions.push({ label: "Pulumi preview", path: `${base}/preview` });
  if (DEPLOYABLE_STATUSES.includes(request.status)) {
    actions.push(
      request.kind === "decommission"
        ? {
            label: "Destroy (decommission)",
            path: `${base}/deploy`,
            tone: "danger",
            confirm: `Destroy the stack of ${request.domain}/${request.name}? Its data stays retained.`,
          }
        : { label: "Deploy", path: `${base}/deploy` },
    );
  }
  return actions;
}
