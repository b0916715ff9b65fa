import { ProductParams } from "../../../../../../../shared/api-schemas";
import { created, ok, withApi } from "../../../../../../../server/api";
import { canRunDeployments, productOperation } from "../../../../../../../server/deployments";

export const POST = withApi(
  { auth: "user", params: ProductParams, authorize: canRunDeployments },
  async ({ db, principal, params, audit }) => {
    const result = await productOperation(
      db,
      principal,
      params.domain,
      params.name,
      "refresh",
      audit,
    );
    return result.created
      ? created(result, `/api/v1/deployments/${result.deployment.id}`)
      : ok(result);
  },
);
