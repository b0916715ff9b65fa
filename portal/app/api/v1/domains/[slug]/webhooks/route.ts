import { DomainParams } from "../../../../../../shared/api-schemas";
import { CreateWebhookBody } from "../../../../../../shared/lineage/api-schemas";
import { created, ok, withApi } from "../../../../../../server/api";
import { canManageDomainIntegrations } from "../../../../../../server/authz";
import { ForbiddenError } from "../../../../../../server/problems";
import { listWebhooks, newWebhookSecret } from "../../../../../../server/lineage/service";

export const GET = withApi(
  { auth: "user", params: DomainParams },
  async ({ db, params, principal }) => {
    if (!canManageDomainIntegrations(principal, params.slug)) throw new ForbiddenError();
    return ok({ items: await listWebhooks(db, params.slug) });
  },
);

/** Subscribes a URL to the domain's SLA breaches; the signing secret is shown this once. */
export const POST = withApi(
  { auth: "user", params: DomainParams, body: CreateWebhookBody },
  async ({ db, params, body, principal, audit }) => {
    if (!canManageDomainIntegrations(principal, params.slug)) throw new ForbiddenError();
    const secret = newWebhookSecret();
    const row = await db.webhookSubscription.create({
      data: { domain: params.slug, url: body.url, secret, createdById: principal.userId },
    });
    await audit({
      action: "webhook.created",
      entityType: "webhook",
      entityId: row.id,
      after: { domain: params.slug, url: row.url },
    });
    return created({
      id: row.id,
      url: row.url,
      createdAt: row.createdAt.toISOString(),
      disabledAt: null,
      deliveries: [],
      secret,
    });
  },
);
