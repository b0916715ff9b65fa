import { DeploymentIdParams } from "../../../../../../shared/deployment-schemas";
import { ok, withApi } from "../../../../../../server/api";
import { canRunDeployments } from "../../../../../../server/authz";
import { cancelDeployment } from "../../../../../../server/deployments";

export const POST = withApi(
  { auth: "user", params: DeploymentIdParams, authorize: canRunDeployments },
  async ({ db, params, audit }) => ok(await cancelDeployment(db, params.id, audit)),
);
