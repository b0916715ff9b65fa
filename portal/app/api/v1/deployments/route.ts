import { DeploymentListQuery } from "../../../../shared/deployment-schemas";
import { ok, withApi } from "../../../../server/api";
import { canRunDeployments } from "../../../../server/authz";
import { listDeployments } from "../../../../server/deployments";

export const GET = withApi(
  { auth: "user", query: DeploymentListQuery, authorize: canRunDeployments },
  async ({ db, query }) => ok(await listDeployments(db, query)),
);
