import { RequestIdParams } from "../../../../../../shared/api-schemas";
import { created, ok, withApi } from "../../../../../../server/api";
import { canRunDeployments, deployRequest } from "../../../../../../server/deployments";

export const POST = withApi(
  { auth: "user", params: RequestIdParams, authorize: canRunDeployments },
  async ({ db, principal, params, audit }) => {
    const result = await deployRequest(db, principal, params.id, audit);
    return result.created
      ? created(result, `/api/v1/deployments/${result.deployment.id}`)
      : ok(result);
  },
);
