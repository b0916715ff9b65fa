import { ProductListQuery } from "#portal/shared/api-schemas";
import { ok, withApi } from "#portal/server/api";
import { canReadCatalog, productScope } from "#portal/server/authz";
import { listProducts } from "#portal/server/products";

export const GET = withApi(
  { auth: "user", query: ProductListQuery, authorize: canReadCatalog },
  async ({ db, principal, query }) => ok(await listProducts(db, productScope(principal), query)),
);
