import { DeploymentIdParams } from "#portal/shared/deployment-schemas";
import { ok, withApi } from "#portal/server/api";
import { canRunDeployments } from "#portal/server/authz";
import { getDeployment } from "#portal/server/deployments";

export const GET = withApi(
  { auth: "user", params: DeploymentIdParams, authorize: canRunDeployments },
  async ({ db, params }) => ok(await getDeployment(db, params.id)),
);
