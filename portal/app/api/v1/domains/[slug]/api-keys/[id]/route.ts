import { DomainItemParams } from "../../../../../../../shared/lineage/api-schemas";
import { ok, withApi } from "../../../../../../../server/api";
import { canManageDomainIntegrations } from "../../../../../../../server/authz";
import { ForbiddenError } from "../../../../../../../server/problems";
import { revokeApiKey } from "../../../../../../../server/lineage/api-keys";
import { now } from "../../../../../../../server/lineage/clock";
import { apiKeyView } from "../../../../../../../server/lineage/service";

/** Revokes the key at once: the next request with it gets a 401. */
export const DELETE = withApi(
  { auth: "user", params: DomainItemParams },
  async ({ db, params, principal, audit }) => {
    if (!canManageDomainIntegrations(principal, params.slug)) throw new ForbiddenError();
    const row = await revokeApiKey(db, params.slug, params.id, now());
    await audit({
      action: "api-key.revoked",
      entityType: "api-key",
      entityId: row.id,
      after: { domain: params.slug, label: row.label, revokedAt: row.revokedAt },
    });
    return ok(apiKeyView(row));
  },
);
