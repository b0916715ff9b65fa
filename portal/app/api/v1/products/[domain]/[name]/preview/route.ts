import { ProductParams } from "../../../../../../../shared/api-schemas";
import { enqueued, withApi } from "../../../../../../../server/api";
import { canRunDeployments } from "../../../../../../../server/authz";
import { productOperation } from "../../../../../../../server/deployments";

export const POST = withApi(
  { auth: "user", params: ProductParams, authorize: canRunDeployments },
  async ({ db, principal, params, audit }) =>
    enqueued(await productOperation(db, principal, params.domain, params.name, "preview", audit)),
);
