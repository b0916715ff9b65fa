import { ProductParams } from "#portal/shared/api-schemas";
import { ok, withApi } from "#portal/server/api";
import { canReadCatalog } from "#portal/server/authz";
import { getProductOrThrow } from "#portal/server/products";

export const GET = withApi(
  { auth: "user", params: ProductParams, authorize: canReadCatalog },
  async ({ db, principal, params }) =>
    ok(await getProductOrThrow(db, principal, params.domain, params.name)),
);
