/**
 * Grants that end by the calendar (issue #18, docs/access.md). Past its end date an approved grant
 * becomes `expired`: for a cloud product the `up` that removes it is queued (the same path as an
 * owner's revocation, access-provisioning.ts); for a local product the state is the whole change
 * (the Iceberg catalog reads only approved grants, and refuses past end dates anyway). Fourteen
 * days before the end date the product's owners and the consuming domain get one reminder to
 * re-certify. The portal runs both periodically (portal/server/access-expiry-task.ts); every change
 * is a conditional update of the grant's row, so replicas running the same pass at once expire,
 * tell and remind each grant once: the one that loses the race finds nothing left to change.
 */
import type { Database, Transaction } from "#db/client";
import { AUTOMATION, auditBy } from "./audit";
import { queueGrantUp } from "./access-provisioning";
import { notify } from "./notify";

/** How long before a grant's end date its reminder to re-certify goes out. */
export const REMINDER_DAYS = 14;
const DAY_MS = 86_400_000;
/** Products (expiry) or grants (reminders) handled per pass; the next pass takes the rest. */
const BATCH = 50;

const PRODUCT_FIELDS = {
  id: true,
  domain: true,
  name: true,
  cloud: true,
  status: true,
  spec: true,
  stackName: true,
  environment: true,
  ownerEmails: true,
} as const;

export interface ExpiryPass {
  /** Grant ids moved to expired by this pass. */
  expired: string[];
  /** `up` deployments queued to remove expired grants from cloud stacks. */
  deployments: string[];
  /** Grant ids whose re-certification reminder this pass sent. */
  reminded: string[];
}

/** One pass: expire what is due, then send the reminders that are due. */
export async function runAccessExpiry(database: Database, now: Date = new Date()) {
  const { expired, deployments } = await expireDueGrants(database, now);
  const reminded = await remindDueGrants(database, now);
  return { expired, deployments, reminded } satisfies ExpiryPass;
}

/**
 * Expires the approved grants whose end date has come, one transaction per product: each grant
 * audited and told to both domains, and one `up` queued for the product if it is a deployed cloud
 * product (the worker's `meshplane:grants` leaves expired grants out).
 */
export async function expireDueGrants(
  database: Database,
  now: Date = new Date(),
): Promise<Pick<ExpiryPass, "expired" | "deployments">> {
  const due = await database.accessGrant.findMany({
    where: { status: "approved", endsAt: { lte: now } },
    select: { productId: true },
    distinct: ["productId"],
    orderBy: { productId: "asc" },
    take: BATCH,
  });
  const expired: string[] = [];
  const deployments: string[] = [];
  for (const { productId } of due) {
    const done = await database.$transaction((tx) => expireProductGrants(tx, productId, now));
    expired.push(...done.expired);
    if (done.deploymentId !== undefined) deployments.push(done.deploymentId);
  }
  return { expired, deployments };
}

async function expireProductGrants(
  tx: Transaction,
  productId: string,
  now: Date,
): Promise<{ expired: string[]; deploymentId?: string }> {
  const product = await tx.dataProduct.findUniqueOrThrow({
    where: { id: productId },
    select: PRODUCT_FIELDS,
  });
  const rows = await tx.accessGrant.findMany({
    where: { productId, status: "approved", endsAt: { lte: now } },
    orderBy: { endsAt: "asc" },
  });
  const audit = auditBy(tx, AUTOMATION);
  const ref = `${product.domain}/${product.name}`;
  const expired: string[] = [];
  for (const row of rows) {
    const endsAt = row.endsAt?.toISOString() ?? "";
    const reason = `end date ${endsAt} reached`;
    // Conditional: a replica that expired (or an owner who revoked) it first leaves nothing.
    const { count } = await tx.accessGrant.updateMany({
      where: { id: row.id, status: "approved", endsAt: { lte: now } },
      data: { status: "expired", reason, decidedAt: now },
    });
    if (count === 0) continue;
    expired.push(row.id);
    await audit({
      action: "access-grant.expired",
      entityType: "access-grant",
      entityId: row.id,
      before: { status: "approved", product: ref, consumer: row.consumer, endsAt },
      after: { status: "expired", product: ref, consumer: row.consumer, endsAt, reason },
    });
    await notify(
      tx,
      {
        kind: "access.expired",
        title: `${row.consumer}'s access to ${ref} expired`,
        body: `The grant ended on ${endsAt}; ask again to keep reading ${ref}.`,
        link: `/products/${product.domain}/${product.name}`,
        payload: {
          product: ref,
          consumer: row.consumer,
          accessRequest: row.id,
          status: "expired",
          endsAt,
        },
        to: { domainMembers: [row.consumer, product.domain] },
        webhookDomains: [product.domain, row.consumer],
      },
      now,
    );
  }
  if (expired.length === 0) return { expired };
  const deploymentId = await queueGrantUp(tx, product, undefined);
  return deploymentId === undefined ? { expired } : { expired, deploymentId };
}

/**
 * Sends the reminder to re-certify for approved grants ending within REMINDER_DAYS: to the
 * product's owners (its domain's owners and its spec's owner emails), the consuming domain's members, and both domains' webhooks; once per grant
 * (`reminderSentAt`). A grant asked for again after it ends is a new row with its own reminder.
 */
export async function remindDueGrants(database: Database, now: Date = new Date()) {
  const horizon = new Date(now.getTime() + REMINDER_DAYS * DAY_MS);
  const due = await database.accessGrant.findMany({
    where: { status: "approved", reminderSentAt: null, endsAt: { gt: now, lte: horizon } },
    select: { id: true },
    orderBy: { endsAt: "asc" },
    take: BATCH,
  });
  const reminded: string[] = [];
  for (const { id } of due) {
    const sent = await database.$transaction((tx) => remindGrant(tx, id, now, horizon));
    if (sent) reminded.push(id);
  }
  return reminded;
}

async function remindGrant(tx: Transaction, id: string, now: Date, horizon: Date) {
  const { count } = await tx.accessGrant.updateMany({
    where: { id, status: "approved", reminderSentAt: null, endsAt: { gt: now, lte: horizon } },
    data: { reminderSentAt: now },
  });
  if (count === 0) return false;
  const row = await tx.accessGrant.findUniqueOrThrow({
    where: { id },
    include: { product: { select: PRODUCT_FIELDS } },
  });
  const { product } = row;
  // The product's owners: its domain's owners (who decide its grants) and its spec's owner emails.
  const owners = await tx.domainMembership.findMany({
    where: { domain: { slug: product.domain }, role: "owner" },
    select: { userId: true },
  });
  const ref = `${product.domain}/${product.name}`;
  const endsAt = row.endsAt?.toISOString() ?? "";
  const days = Math.max(1, Math.ceil(((row.endsAt?.getTime() ?? 0) - now.getTime()) / DAY_MS));
  await auditBy(
    tx,
    AUTOMATION,
  )({
    action: "access-grant.reminded",
    entityType: "access-grant",
    entityId: id,
    after: { product: ref, consumer: row.consumer, endsAt, reminderSentAt: now.toISOString() },
  });
  await notify(
    tx,
    {
      kind: "access.expiring",
      title: `${row.consumer}'s access to ${ref} ends in ${days} day${days === 1 ? "" : "s"}`,
      body: `The grant ends on ${endsAt}. To keep reading, ${row.consumer} asks again and ${ref}'s owners decide; otherwise it expires and is removed.`,
      link: `/products/${product.domain}/${product.name}`,
      payload: { product: ref, consumer: row.consumer, accessRequest: id, endsAt },
      to: {
        userIds: owners.map((owner) => owner.userId),
        emails: product.ownerEmails,
        domainMembers: [row.consumer],
      },
      webhookDomains: [product.domain, row.consumer],
    },
    now,
  );
  return true;
}
