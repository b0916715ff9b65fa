import { DomainItemParams } from "#portal/shared/lineage/api-schemas";
import { ok, withApi } from "#portal/server/api";
import { domainIntegrationRoute, revokeDomainApiKey } from "#portal/server/lineage/service";

/** Revokes the key at once: the next request with it gets a 401. */
export const DELETE = withApi(
  domainIntegrationRoute(DomainItemParams, "API keys"),
  async ({ db, params, audit }) => ok(await revokeDomainApiKey(db, params.slug, params.id, audit)),
);
