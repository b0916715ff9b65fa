import { LineageProductsQuery } from "#portal/shared/lineage/api-schemas";
import { ok, withApi } from "#portal/server/api";
import { canReadLineage, productScope } from "#portal/server/authz";
import { lineageProducts } from "#portal/server/lineage/service";

/** The lineage page's product picker: a few products of the caller's scope matching `q`. */
export const GET = withApi(
  { auth: "user", query: LineageProductsQuery, authorize: canReadLineage },
  async ({ db, principal, query }) =>
    ok({ items: await lineageProducts(db, productScope(principal), query) }),
);
