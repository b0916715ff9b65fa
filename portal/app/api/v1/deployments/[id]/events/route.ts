import {
  DeploymentEventsQuery,
  DeploymentIdParams,
} from "../../../../../../shared/deployment-schemas";
import { ok, withApi } from "../../../../../../server/api";
import { canRunDeployments } from "../../../../../../server/authz";
import { listDeploymentEvents } from "../../../../../../server/deployments";

export const GET = withApi(
  {
    auth: "user",
    params: DeploymentIdParams,
    query: DeploymentEventsQuery,
    authorize: canRunDeployments,
  },
  async ({ db, params, query }) => ok(await listDeploymentEvents(db, params.id, query)),
);
