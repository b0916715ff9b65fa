import { DeploymentIdParams } from "#portal/shared/deployment-schemas";
import { ok, withApi } from "#portal/server/api";
import { canRunDeployments } from "#portal/server/authz";
import { cancelDeployment } from "#portal/server/deployments";

export const POST = withApi(
  { auth: "user", params: DeploymentIdParams, authorize: canRunDeployments },
  async ({ db, params, audit }) => ok(await cancelDeployment(db, params.id, audit)),
);
