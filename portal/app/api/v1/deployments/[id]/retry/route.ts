import { DeploymentIdParams } from "../../../../../../shared/deployment-schemas";
import { created, ok, withApi } from "../../../../../../server/api";
import { canRunDeployments, retryDeployment } from "../../../../../../server/deployments";

export const POST = withApi(
  { auth: "user", params: DeploymentIdParams, authorize: canRunDeployments },
  async ({ db, principal, params, audit }) => {
    const result = await retryDeployment(db, principal, params.id, audit);
    // A retry that found the same operation already queued joins it (200), like deploy.
    return result.created
      ? created(result, `/api/v1/deployments/${result.deployment.id}`)
      : ok(result);
  },
);
