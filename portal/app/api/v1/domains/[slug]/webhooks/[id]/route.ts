import { DomainItemParams } from "#portal/shared/lineage/api-schemas";
import { noContent, withApi } from "#portal/server/api";
import { disableWebhook, domainIntegrationRoute } from "#portal/server/lineage/service";

/** Stops notifications to this URL; its delivery log is kept. */
export const DELETE = withApi(
  domainIntegrationRoute(DomainItemParams, "webhooks"),
  async ({ db, params, audit }) => {
    await disableWebhook(db, params.slug, params.id, audit);
    return noContent();
  },
);
