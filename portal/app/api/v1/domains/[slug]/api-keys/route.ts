import { DomainParams } from "#portal/shared/api-schemas";
import { CreateApiKeyBody } from "#portal/shared/lineage/api-schemas";
import { created, ok, withApi } from "#portal/server/api";
import { listApiKeys } from "#portal/server/lineage/api-keys";
import { apiKeyView, domainIntegrationRoute, issueApiKey } from "#portal/server/lineage/service";

const route = domainIntegrationRoute(DomainParams, "API keys");

export const GET = withApi(route, async ({ db, params }) =>
  ok({ items: (await listApiKeys(db, params.slug)).map(apiKeyView) }),
);

/** Issues a key for OpenLineage producers of the domain; the response is the only time it is shown. */
export const POST = withApi(
  { ...route, body: CreateApiKeyBody },
  async ({ db, params, body, principal, audit }) =>
    created(await issueApiKey(db, params.slug, body.label, principal, audit)),
);
