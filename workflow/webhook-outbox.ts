/**
 * The domain webhooks' outbox: a delivery row per subscription of the domain (and the global
 * webhook from the environment), written in the caller's transaction so an event is never lost.
 * The portal's dispatcher (portal/server/lineage/webhooks.ts `deliverDue`) posts the rows, signed
 * with each subscription's secret, and retries failures. SLA breaches and the inbox's events
 * (workflow/notify.ts) both enqueue through here.
 */
import { portalConfig } from "#config";
import type { Db } from "#db/client";

export interface WebhookEvent {
  /** Sent as the `meshplane-event` header and the body's `event`. */
  event: string;
  domain: string;
  payload: Record<string, unknown>;
  /** Also to the global webhook of the environment (`MESHPLANE_SLA_WEBHOOK_URL`): SLA breaches. */
  global?: boolean;
}

/** Queues the event for the domain's webhooks and the global one; returns how many it queued. */
export async function enqueueWebhook(db: Db, event: WebhookEvent, at: Date): Promise<number> {
  const subscriptions = await db.webhookSubscription.findMany({
    where: { domain: event.domain, disabledAt: null },
    select: { id: true, url: true },
  });
  const { slaWebhookUrl, slaWebhookSecret } = portalConfig();
  // The global webhook is signed like the others, so it needs its secret too.
  const global =
    event.global !== true || slaWebhookSecret === undefined ? undefined : slaWebhookUrl;
  const targets = [
    ...subscriptions.map((s) => ({ subscriptionId: s.id, url: s.url })),
    ...(global === undefined ? [] : [{ subscriptionId: null, url: global }]),
  ];
  if (targets.length === 0) return 0;
  await db.webhookDelivery.createMany({
    data: targets.map((target) => ({
      ...target,
      event: event.event,
      payload: { event: event.event, ...event.payload },
      nextAttemptAt: at,
    })),
  });
  return targets.length;
}
