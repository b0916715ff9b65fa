/**
 * Stored access grants (issue #18, docs/access.md): the rows of `access_grants` as the contract's
 * `AccessGrant`, what the Iceberg catalog and a product's stack read from them, and the
 * transitions every caller shares (a decommission revoking all, a decision queuing the `up` that
 * provisions the grant on a cloud product). The portal's routes decide who may act (authz.ts).
 */
import { randomUUID } from "node:crypto";
import {
  AccessGrant,
  AccessPrincipal,
  ApprovalRecord,
  DataProductSpec,
  grantActive,
  type Classification,
} from "#contract";
import type { CatalogGrant } from "#core/access";
import type { Db } from "#db/client";
import type { Audit } from "./audit";
import { enqueue } from "./deployment-queue";

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

/** A product as provisioning a grant needs it. */
export interface GrantedProduct {
  id: string;
  domain: string;
  name: string;
  cloud: string;
  status: string;
  spec: unknown;
  stackName: string | null;
  environment: string | null;
}

/**
 * Queues an `up` of a cloud product's stack after one of its grants was approved or revoked: the
 * worker passes the product's grants at run time as `meshplane:grants` (infra/automation). A
 * local product has nothing to provision (the catalog reads the stored grant), and a product not
 * deployed yet gets its grants with its first `up`. Answers the deployment id, if one was queued.
 */
export async function queueGrantUp(
  db: Db,
  product: GrantedProduct,
  startedById: string | undefined,
): Promise<string | undefined> {
  if (product.cloud === "local" || product.status !== "live") return undefined;
  if (product.stackName === null || product.environment === null) return undefined;
  const { deployment } = await enqueue(db, {
    productId: product.id,
    startedById,
    stackName: product.stackName,
    environment: product.environment,
    operation: "up",
    spec: DataProductSpec.parse(product.spec),
  });
  return deployment.id;
}

/**
 * Revokes every grant (and refuses every open request) on a product: its decommission. Each one
 * audited, in the caller's transaction. Answers the ids revoked.
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
    select: { id: true, status: true },
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
  }
  return open.map((grant) => grant.id);
}
