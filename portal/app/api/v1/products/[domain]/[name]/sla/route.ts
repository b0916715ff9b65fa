import { ProductRefParams } from "#portal/shared/lineage/api-schemas";
import { ok, withApi } from "#portal/server/api";
import { canReadLineage, productScope } from "#portal/server/authz";
import { productSla } from "#portal/server/lineage/service";

/** The product's SLA checks as of now, and the history of their status changes. */
export const GET = withApi(
  { auth: "user", params: ProductRefParams, authorize: canReadLineage },
  async ({ db, principal, params }) =>
    ok(await productSla(db, productScope(principal), params.domain, params.name)),
);
