import { DomainItemParams } from "../../../../../../../shared/lineage/api-schemas";
import { noContent, withApi } from "../../../../../../../server/api";
import { canManageDomainIntegrations } from "../../../../../../../server/authz";
import { ForbiddenError, NotFoundError } from "../../../../../../../server/problems";
import { now } from "../../../../../../../server/lineage/clock";

/** Stops notifications to this URL; its delivery log is kept. */
export const DELETE = withApi(
  { auth: "user", params: DomainItemParams },
  async ({ db, params, principal, audit }) => {
    if (!canManageDomainIntegrations(principal, params.slug)) throw new ForbiddenError();
    const row = await db.webhookSubscription.findFirst({
      where: { id: params.id, domain: params.slug },
    });
    if (row === null) throw new NotFoundError(`no webhook ${params.id} in ${params.slug}`);
    await db.webhookSubscription.update({ where: { id: row.id }, data: { disabledAt: now() } });
    await audit({
      action: "webhook.disabled",
      entityType: "webhook",
      entityId: row.id,
      before: { url: row.url },
    });
    return noContent();
  },
);
