/**
 * Every change the platform makes to a product's status, in one place: a request's first deployment
 * creates it `requested`; an `up` in flight makes it `deploying`; a failed one `failed`; a
 * catalog registration `live`; a destroy or a catalog delete `decommissioned`. (The seed inserts
 * its example products live.) Callers audit the change as their actor.
 */
import { revokeAllGrants } from "./access";
import type { Audit } from "./audit";
import type { CatalogRegistration, DataProductSpec } from "#contract";
import type { Db } from "#db/client";
import { productColumns } from "#db/product-columns";
import { ensureFirstVersion } from "./product-versions";

/** The product a request is about, before anything was deployed. */
export function createRequestedProduct(db: Db, spec: DataProductSpec) {
  return db.dataProduct.create({
    data: { domain: spec.domain, name: spec.name, ...productColumns(spec), status: "requested" },
  });
}

/** An `up` is queued: a product that is not live is being deployed (again). */
export async function markProductDeploying(db: Db, productId: string): Promise<void> {
  await db.dataProduct.updateMany({
    where: { id: productId, status: { not: "live" } },
    data: { status: "deploying" },
  });
}

/** The `up` that was deploying it failed (a live product stays live: its stack still runs). */
export async function markProductFailed(db: Db, productId: string): Promise<void> {
  await db.dataProduct.updateMany({
    where: { id: productId, status: "deploying" },
    data: { status: "failed" },
  });
}

/** Retired: every grant on it is revoked (and every open access request refused) with it. */
export async function markProductDecommissioned(
  db: Db,
  productId: string,
  audit: Audit,
): Promise<void> {
  await db.dataProduct.update({ where: { id: productId }, data: { status: "decommissioned" } });
  await revokeAllGrants(db, productId, audit, "the product was decommissioned");
}

/** A deployed stack registered the product: live, with its outputs, from that stack. */
export async function markProductLive(db: Db, registration: CatalogRegistration): Promise<void> {
  const { domain, name } = registration.spec;
  const data = {
    ...productColumns(registration.spec),
    outputs: registration.outputs,
    environment: registration.environment,
    stackName: registration.stack,
    status: "live" as const,
  };
  const product = await db.dataProduct.upsert({
    where: { domain_name: { domain, name } },
    create: { domain, name, ...data },
    update: data,
  });
  await ensureFirstVersion(db, product.id, registration.spec);
}

/**
 * An approved decommission with a sunset deprecates the product until then (core/sunset.ts): it
 * stays live and readable, and the catalog says when it goes.
 */
export async function scheduleSunset(
  db: Db,
  request: { kind: string; domain: string; name: string; sunsetAt: Date | null },
): Promise<void> {
  if (request.kind !== "decommission" || request.sunsetAt === null) return;
  await db.dataProduct.updateMany({
    where: { domain: request.domain, name: request.name, status: "live" },
    data: { sunsetAt: request.sunsetAt },
  });
}
