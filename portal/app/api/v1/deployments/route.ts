import { DeploymentListQuery } from "#portal/shared/deployment-schemas";
import { ok, withApi } from "#portal/server/api";
import { canRunDeployments } from "#portal/server/authz";
import { listDeployments } from "#portal/server/deployments";

export const GET = withApi(
  { auth: "user", query: DeploymentListQuery, authorize: canRunDeployments },
  async ({ db, query }) => ok(await listDeployments(db, query)),
);
