import "server-only";
/**
 * Domain webhook delivery (SLA breaches and the inbox's events). A delivery row is written in the
 * transaction that records the event (workflow/webhook-outbox.ts, so a notification is never
 * lost), then `deliverDue` posts it, signed, and retries failures with exponential backoff. Where it may post is webhook-target.ts's decision. Signature (docs/lineage.md): header
 * `Meshplane-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>" with the secret>`.
 */
import { createHmac, timingSafeEqual } from "node:crypto";
import { portalConfig } from "#config";
import type { Db } from "#db/client";
import { now } from "./clock";
import { postToWebhook } from "./webhook-target";

export const SIGNATURE_HEADER = "meshplane-signature";
export const MAX_ATTEMPTS = 6;
const BASE_DELAY_MS = 30_000;
const TIMEOUT_MS = 10_000;

export function signPayload(secret: string, body: string, at: Date): string {
  const t = Math.floor(at.getTime() / 1000);
  const mac = createHmac("sha256", secret).update(`${t}.${body}`, "utf8").digest("hex");
  return `t=${t},v1=${mac}`;
}

/** What a receiver does: recompute and compare in constant time; reject stale timestamps. */
export function verifySignature(
  secret: string,
  body: string,
  header: string,
  at: Date,
  toleranceSeconds = 300,
): boolean {
  const parts = new Map(header.split(",").map((part) => part.split("=", 2) as [string, string]));
  const t = Number(parts.get("t"));
  const v1 = parts.get("v1") ?? "";
  if (!Number.isInteger(t) || Math.abs(at.getTime() / 1000 - t) > toleranceSeconds) return false;
  const expected = createHmac("sha256", secret).update(`${t}.${body}`, "utf8").digest();
  const given = Buffer.from(v1, "hex");
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** Backoff after the n-th failed attempt: 30 s, 1 min, 2 min, 4 min, 8 min. */
export function retryDelayMs(attempts: number): number {
  return BASE_DELAY_MS * 2 ** Math.max(0, attempts - 1);
}

/**
 * Takes a delivery for one attempt by moving its next attempt past the timeout, so that two
 * dispatchers (the tick and an ingestion's follow-up) never post the same attempt twice.
 */
async function claim(db: Db, id: string, dueAt: Date): Promise<boolean> {
  const lease = new Date(now().getTime() + 2 * TIMEOUT_MS);
  const claimed = await db.webhookDelivery.updateMany({
    where: { id, status: "pending", nextAttemptAt: dueAt },
    data: { nextAttemptAt: lease },
  });
  return claimed.count === 1;
}

/** Sends every delivery that is due; returns how many it attempted. */
export async function deliverDue(db: Db): Promise<number> {
  const due = await db.webhookDelivery.findMany({
    where: { status: "pending", nextAttemptAt: { lte: now() } },
    include: { subscription: { select: { secret: true } } },
    orderBy: { nextAttemptAt: "asc" },
    take: 100,
  });
  for (const delivery of due) {
    if (!(await claim(db, delivery.id, delivery.nextAttemptAt))) continue;
    const secret = delivery.subscription?.secret ?? portalConfig().slaWebhookSecret ?? "";
    const body = JSON.stringify({ id: delivery.id, ...(delivery.payload as object) });
    const sentAt = now();
    const result = await postToWebhook(delivery.url, {
      headers: {
        "content-type": "application/json",
        [SIGNATURE_HEADER]: signPayload(secret, body, sentAt),
        "meshplane-event": delivery.event,
      },
      body,
      timeoutMs: TIMEOUT_MS,
      // The global webhook is the operator's own setting; members' URLs are checked (SSRF).
      trusted: delivery.subscriptionId === null,
    });
    const attempts = delivery.attempts + 1;
    await db.webhookDelivery.update({
      where: { id: delivery.id },
      data: {
        attempts,
        lastStatusCode: result.statusCode,
        lastError: result.error,
        ...(result.ok
          ? { status: "delivered", deliveredAt: sentAt }
          : attempts >= MAX_ATTEMPTS
            ? { status: "failed" }
            : { nextAttemptAt: new Date(sentAt.getTime() + retryDelayMs(attempts)) }),
      },
    });
  }
  return due.length;
}
