import { ProductParams } from "../../../../../../../shared/api-schemas";
import { ok, withApi } from "../../../../../../../server/api";
import { canReadConsumers } from "../../../../../../../server/authz";
import { consumedProductOrThrow, consumersFor } from "../../../../../../../server/consumers";

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
