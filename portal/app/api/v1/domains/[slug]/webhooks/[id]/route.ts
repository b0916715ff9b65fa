import { DomainItemParams } from "../../../../../../../shared/lineage/api-schemas";
import { noContent, withApi } from "../../../../../../../server/api";
import {
  disableWebhook,
  domainIntegrationRoute,
} from "../../../../../../../server/lineage/service";

/** Stops notifications to this URL; its delivery log is kept. */
export const DELETE = withApi(
  domainIntegrationRoute(DomainItemParams, "webhooks"),
  async ({ db, params, audit }) => {
    await disableWebhook(db, params.slug, params.id, audit);
    return noContent();
  },
);
