import { ProbeBody } from "#portal/shared/lineage/api-schemas";
import { created, withApi } from "#portal/server/api";
import { canRecordProbe } from "#portal/server/authz";
import { probedProduct, recordProbe } from "#portal/server/lineage/service";

/** A probe result of a product's HTTP inference endpoint (the prober posts these with a domain key). */
export const POST = withApi(
  {
    auth: "lineage-key",
    body: ProbeBody,
    load: ({ db, principal, body }) => probedProduct(db, principal, body.product),
    authorize: (key, { resource }) => canRecordProbe(key, resource),
    forbidden: "a domain's key reports probe results of its own domain's products only",
  },
  async ({ db, body, resource, audit }) => created(await recordProbe(db, resource, body, audit)),
);
