/**
 * The one writer of notifications: an event goes to the inbox of every user it concerns (named
 * users, a domain's members, a product's owners, the platform team) and to the webhooks of the
 * domains it concerns, in the caller's transaction, so what is committed is told and what rolls
 * back is not. Webhook deliveries are posted and signed like the SLA webhooks (the same outbox and
 * dispatcher); their body is `{ id, event, kind, title, body, link, at, ...payload }`.
 */
import type { NotificationKind } from "#core/notifications";
import type { Prisma } from "#db";
import type { Db } from "#db/client";
import { enqueueWebhook } from "./webhook-outbox";

export interface Recipients {
  userIds?: readonly string[];
  /** Every member (owners included) of these domains, by slug. */
  domainMembers?: readonly string[];
  /** Users with these emails: a product's `owner.emails`. */
  emails?: readonly string[];
  platformAdmins?: boolean;
  /** Left out: the person who acted is not told of their own action. */
  except?: string | null;
}

export interface NotifyEvent {
  kind: NotificationKind;
  title: string;
  body?: string;
  /** Portal path of what it is about. */
  link?: string | null;
  /** Facts for programs (webhook receivers, the inbox API): product, request, changes… */
  payload: Record<string, unknown>;
  to: Recipients;
  /** Domains whose webhooks get the event. */
  webhookDomains: readonly string[];
  /** Also the environment's global webhook (SLA breaches, as before). */
  global?: boolean;
}

export interface NotifyResult {
  /** Users whose inbox got it. */
  users: string[];
  webhooks: number;
}

/** The users an event goes to, each once. */
async function recipients(db: Db, to: Recipients): Promise<string[]> {
  const or: Prisma.UserWhereInput[] = [];
  if (to.userIds !== undefined && to.userIds.length > 0) or.push({ id: { in: [...to.userIds] } });
  if (to.domainMembers !== undefined && to.domainMembers.length > 0)
    or.push({ memberships: { some: { domain: { slug: { in: [...to.domainMembers] } } } } });
  if (to.emails !== undefined && to.emails.length > 0)
    or.push({ email: { in: [...to.emails], mode: "insensitive" } });
  if (to.platformAdmins === true) or.push({ platformAdmin: true });
  if (or.length === 0) return [];
  const users = await db.user.findMany({
    where: { OR: or, ...(to.except == null ? {} : { id: { not: to.except } }) },
    select: { id: true },
    orderBy: { id: "asc" },
  });
  return users.map((user) => user.id);
}

export async function notify(
  db: Db,
  event: NotifyEvent,
  at: Date = new Date(),
): Promise<NotifyResult> {
  const users = await recipients(db, event.to);
  const body = event.body ?? "";
  const link = event.link ?? null;
  const payload = JSON.parse(JSON.stringify(event.payload)) as Prisma.InputJsonObject;
  if (users.length > 0) {
    await db.notification.createMany({
      data: users.map((userId) => ({
        userId,
        kind: event.kind,
        title: event.title,
        body,
        link,
        payload,
        createdAt: at,
      })),
    });
  }
  let webhooks = 0;
  for (const domain of new Set(event.webhookDomains)) {
    webhooks += await enqueueWebhook(
      db,
      {
        event: event.kind,
        domain,
        global: event.global ?? false,
        payload: {
          kind: event.kind,
          title: event.title,
          body,
          link,
          at: at.toISOString(),
          ...payload,
        },
      },
      at,
    );
  }
  return { users, webhooks };
}
