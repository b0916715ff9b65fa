import { DeploymentEventsQuery, DeploymentIdParams } from "#portal/shared/deployment-schemas";
import { ok, withApi } from "#portal/server/api";
import { canRunDeployments } from "#portal/server/authz";
import { listDeploymentEvents } from "#portal/server/deployments";

export const GET = withApi(
  {
    auth: "user",
    params: DeploymentIdParams,
    query: DeploymentEventsQuery,
    authorize: canRunDeployments,
  },
  async ({ db, params, query }) => ok(await listDeploymentEvents(db, params.id, query)),
);
