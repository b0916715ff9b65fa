import { ProductParams } from "../../../../../../shared/api-schemas";
import { ok, withApi } from "../../../../../../server/api";
import { canReadCatalog } from "../../../../../../server/authz";
import { getProductOrThrow } from "../../../../../../server/products";

export const GET = withApi(
  { auth: "user", params: ProductParams, authorize: canReadCatalog },
  async ({ db, principal, params }) =>
    ok(await getProductOrThrow(db, principal, params.domain, params.name)),
);
