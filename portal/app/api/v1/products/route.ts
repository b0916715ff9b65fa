import { ProductListQuery } from "../../../../shared/api-schemas";
import { ok, withApi } from "../../../../server/api";
import { canReadCatalog, productScope } from "../../../../server/authz";
import { listProducts } from "../../../../server/products";

export const GET = withApi(
  { auth: "user", query: ProductListQuery, authorize: canReadCatalog },
  async ({ db, principal, query }) => ok(await listProducts(db, productScope(principal), query)),
);
