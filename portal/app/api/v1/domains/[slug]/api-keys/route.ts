import { DomainParams } from "../../../../../../shared/api-schemas";
import { CreateApiKeyBody } from "../../../../../../shared/lineage/api-schemas";
import { created, ok, withApi } from "../../../../../../server/api";
import { canManageDomainIntegrations } from "../../../../../../server/authz";
import { ForbiddenError } from "../../../../../../server/problems";
import { createApiKey, listApiKeys } from "../../../../../../server/lineage/api-keys";
import { apiKeyView } from "../../../../../../server/lineage/service";

export const GET = withApi(
  { auth: "user", params: DomainParams },
  async ({ db, params, principal }) => {
    if (!canManageDomainIntegrations(principal, params.slug)) throw new ForbiddenError();
    return ok({ items: (await listApiKeys(db, params.slug)).map(apiKeyView) });
  },
);

/** Issues a key for OpenLineage producers of the domain; the response is the only time it is shown. */
export const POST = withApi(
  { auth: "user", params: DomainParams, body: CreateApiKeyBody },
  async ({ db, params, body, principal, audit }) => {
    if (!canManageDomainIntegrations(principal, params.slug)) throw new ForbiddenError();
    const { key, row } = await createApiKey(db, params.slug, body.label, principal.userId);
    await audit({
      action: "api-key.created",
      entityType: "api-key",
      entityId: row.id,
      after: { domain: params.slug, label: row.label, prefix: row.prefix, scopes: row.scopes },
    });
    return created({ ...apiKeyView(row), key });
  },
);
