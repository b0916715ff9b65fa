import { DeploymentIdParams } from "../../../../../shared/deployment-schemas";
import { ok, withApi } from "../../../../../server/api";
import { canRunDeployments } from "../../../../../server/authz";
import { getDeployment } from "../../../../../server/deployments";

export const GET = withApi(
  { auth: "user", params: DeploymentIdParams, authorize: canRunDeployments },
  async ({ db, params }) => ok(await getDeployment(db, params.id)),
);
