import { ProductParams } from "#portal/shared/api-schemas";
import { enqueued, withApi } from "#portal/server/api";
import { canRunDeployments } from "#portal/server/authz";
import { productOperation } from "#portal/server/deployments";

export const POST = withApi(
  { auth: "user", params: ProductParams, authorize: canRunDeployments },
  async ({ db, principal, params, audit }) =>
    enqueued(await productOperation(db, principal, params.domain, params.name, "refresh", audit)),
);
