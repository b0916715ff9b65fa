import { ProductLineageQuery, ProductRefParams } from "#portal/shared/lineage/api-schemas";
import { ok, withApi } from "#portal/server/api";
import { canReadLineage, productScope } from "#portal/server/authz";
import { productLineage } from "#portal/server/lineage/service";

/** The product's datasets, their upstream and downstream, and declared vs observed inputs. */
export const GET = withApi(
  { auth: "user", params: ProductRefParams, query: ProductLineageQuery, authorize: canReadLineage },
  async ({ db, principal, params, query }) =>
    ok(await productLineage(db, productScope(principal), params.domain, params.name, query.depth)),
);
