import { DeploymentIdParams } from "../../../../../../shared/deployment-schemas";
import { enqueued, withApi } from "../../../../../../server/api";
import { canRunDeployments } from "../../../../../../server/authz";
import { retryDeployment } from "../../../../../../server/deployments";

/** A retry that found the same operation already queued joins it (200), like deploy. */
export const POST = withApi(
  { auth: "user", params: DeploymentIdParams, authorize: canRunDeployments },
  async ({ db, principal, params, audit }) =>
    enqueued(await retryDeployment(db, principal, params.id, audit)),
);
