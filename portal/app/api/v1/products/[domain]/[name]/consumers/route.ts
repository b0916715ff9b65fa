import { ProductParams } from "#portal/shared/api-schemas";
import { ok, withApi } from "#portal/server/api";
import { canReadConsumers } from "#portal/server/authz";
import { consumedProductOrThrow, consumersFor } from "#portal/server/consumers";

/** Who consumes the product: declared inputs, lineage readers, access grants. */
export const GET = withApi(
  {
    auth: "user",
    params: ProductParams,
    load: ({ db, principal, params }) =>
      consumedProductOrThrow(db, principal, params.domain, params.name),
    authorize: (principal, { resource }) => canReadConsumers(principal, resource),
  },
  async ({ db, principal, resource }) => ok(await consumersFor(db, principal, resource)),
);
