import { DeploymentIdParams } from "#portal/shared/deployment-schemas";
import { enqueued, withApi } from "#portal/server/api";
import { canRunDeployments } from "#portal/server/authz";
import { retryDeployment } from "#portal/server/deployments";

/** A retry that found the same operation already queued joins it (200), like deploy. */
export const POST = withApi(
  { auth: "user", params: DeploymentIdParams, authorize: canRunDeployments },
  async ({ db, principal, params, audit }) =>
    enqueued(await retryDeployment(db, principal, params.id, audit)),
);
