/**
 * Stored access grants (issue #18, docs/access.md): the rows of `access_grants` as the contract's
 * `AccessGrant`, what the Iceberg catalog and a product's stack read from them, and the
 * transitions every caller shares (a decommission revoking all). Queuing the `up` that provisions
 * a grant is access-provisioning.ts's. The portal's routes decide who may act (authz.ts).
 */
import { randomUUID } from "node:crypto";
import {
  AccessGrant,
  AccessPrincipal,
  ApprovalRecord,
  grantActive,
  type Classification,
} from "#contract";
import type { CatalogGrant } from "#core/access";
import type { Db } from "#db/client";
import type { Audit } from "./audit";
import { notify } from "./notify";

const PRODUCT_REF = { domain: true, name: true } as const;

/** A grant id fits `[a-z0-9]{3,40}` (it names S3 statements): a UUID without its dashes. */
export function newGrantId(): string {
  return randomUUID().replaceAll("-", "");
}

/** A stored grant row, as the functions here read it. */
export interface GrantRow {
  id: string;
  consumer: string;
  classification: Classification;
  principal: unknown;
  purpose: string;
  endsAt: Date | null;
  status: string;
  approvals: unknown;
  reason: string | null;
  decidedAt: Date | null;
  requestedBy: string;
  createdAt: Date;
  /** The last `up` queued to provision or remove it (a live cloud product's). */
  deploymentId?: string | null;
}

export function storedApprovals(row: Pick<GrantRow, "approvals">): ApprovalRecord[] {
  return ApprovalRecord.array().parse(row.approvals);
}

/** A row as the catalog's rule (`grantAllowsRead`) sees it. */
export function catalogGrant(row: GrantRow, product: string): CatalogGrant {
  return {
    product,
    consumer: row.consumer,
    classification: row.classification,
    approvals: storedApprovals(row),
    ...(row.endsAt === null ? {} : { endsAt: row.endsAt.toISOString() }),
    revokedAt: row.status === "revoked" ? (row.decidedAt?.toISOString() ?? "revoked") : null,
  };
}

/** A row as the contract's grant, for a stack's `meshplane:grants`. */
export function contractGrant(row: GrantRow, product: string): AccessGrant {
  return AccessGrant.parse({
    id: row.id,
    product,
    consumer: row.consumer,
    classification: row.classification,
    principal: AccessPrincipal.parse(row.principal),
    purpose: row.purpose,
    ...(row.endsAt === null ? {} : { endsAt: row.endsAt.toISOString() }),
    approvals: storedApprovals(row),
  });
}

/** The approved grants on a product (expired ones included: the callers check the date). */
export function approvedGrantRows(db: Db, productId: string): Promise<GrantRow[]> {
  return db.accessGrant.findMany({
    where: { productId, status: "approved" },
    orderBy: { createdAt: "asc" },
  });
}

/**
 * The grants a product's stack provisions at `now`: approved, not revoked, not past their end
 * date, made under the product's current classification. An `up` with this list removes
 * whatever was revoked or expired since the last one.
 */
export async function stackGrants(
  db: Db,
  product: { id: string; domain: string; name: string; classification: Classification },
  now: Date,
): Promise<AccessGrant[]> {
  const ref = `${product.domain}/${product.name}`;
  return (await approvedGrantRows(db, product.id))
    .filter(
      (row) =>
        row.classification === product.classification &&
        (row.endsAt === null || grantActive({ endsAt: row.endsAt.toISOString() }, now)),
    )
    .map((row) => contractGrant(row, ref));
}

/**
 * Revokes every grant (and refuses every open request) on a product: its decommission. Each one
 * audited and told to the consuming domain (inbox and webhook: by the time a decommission is
 * carried out its grant holders are no consumers any more, so this is their notice that it was),
 * in the caller's transaction. Answers the ids revoked.
 */
export async function revokeAllGrants(
  db: Db,
  productId: string,
  audit: Audit,
  reason: string,
  now: Date = new Date(),
): Promise<string[]> {
  const open = await db.accessGrant.findMany({
    where: { productId, status: { in: ["requested", "approved"] } },
    select: { id: true, status: true, consumer: true, product: { select: PRODUCT_REF } },
  });
  for (const grant of open) {
    const status = grant.status === "approved" ? "revoked" : "denied";
    await db.accessGrant.update({
      where: { id: grant.id },
      data: { status, reason, decidedAt: now },
    });
    await audit({
      action: `access-grant.${status}`,
      entityType: "access-grant",
      entityId: grant.id,
      before: { status: grant.status },
      after: { status, reason },
    });
    const ref = `${grant.product.domain}/${grant.product.name}`;
    await notify(
      db,
      {
        kind: status === "revoked" ? "access.revoked" : "access.denied",
        title: `${grant.consumer}'s ${status === "revoked" ? "access to" : "request for"} ${ref} was ${status}: ${reason}`,
        body: reason,
        link: `/products/${ref}`,
        payload: {
          product: ref,
          consumer: grant.consumer,
          accessRequest: grant.id,
          status,
          reason,
        },
        to: { domainMembers: [grant.consumer] },
        webhookDomains: [grant.consumer],
      },
      now,
    );
  }
  return open.map((grant) => grant.id);
}
