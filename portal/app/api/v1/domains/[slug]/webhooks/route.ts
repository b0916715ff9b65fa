import { DomainParams } from "#portal/shared/api-schemas";
import { CreateWebhookBody } from "#portal/shared/lineage/api-schemas";
import { created, ok, withApi } from "#portal/server/api";
import {
  createWebhook,
  domainIntegrationRoute,
  listWebhooks,
} from "#portal/server/lineage/service";

const route = domainIntegrationRoute(DomainParams, "webhooks");

export const GET = withApi(route, async ({ db, params }) =>
  ok({ items: await listWebhooks(db, params.slug) }),
);

/** Subscribes a URL to the domain's SLA breaches; the signing secret is shown this once. */
export const POST = withApi(
  { ...route, body: CreateWebhookBody },
  async ({ db, params, body, principal, audit }) =>
    created(await createWebhook(db, params.slug, body.url, principal, audit)),
);
