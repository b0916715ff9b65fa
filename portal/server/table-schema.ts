import "server-only";
/**
 * A product's table as the Iceberg catalog holds it, compared with the product's spec
 * (core/table-drift.ts): what the product page's banner and the product API say when a
 * deployment's settle could not commit the spec's change (`iceberg-table.evolution-failed`).
 * Derived on every read from the catalog's head, so it clears as soon as a later settle (or any
 * commit) makes the table the spec's.
 */
import type { DataProductSpec } from "#contract";
import { isFinished, type DeploymentStatus } from "#core/deployment-lifecycle";
import { TABLE_EVOLUTION_FAILED, tableHome } from "#core/iceberg-catalog";
import { tableSchemaDifferences } from "#core/table-drift";
import type { Db } from "#db/client";
import { currentSchema } from "#lib/iceberg/table-metadata";
import { icebergTableEntityId } from "#workflow/audit";
import { findCatalogTable, parseStoredMetadata } from "#workflow/iceberg-catalog";
import type { ProductTableSchema } from "../shared/api-schemas";

interface ProductDeployment {
  id: string;
  operation: string;
  status: DeploymentStatus;
  createdAt: Date;
}

interface Product {
  domain: string;
  name: string;
  cloud: string;
  /** Newest first (what getProductOrThrow loads). */
  deployments: readonly ProductDeployment[];
}

/**
 * The latest refused table change, unless an `up` created after that deployment succeeded (its
 * settle committed the spec, or found nothing to commit): a stale refusal explains nothing.
 */
async function failedDeployment(
  client: Db,
  product: Product,
): Promise<ProductTableSchema["failedDeployment"]> {
  const entry = await client.auditLog.findFirst({
    where: { action: TABLE_EVOLUTION_FAILED, entityId: icebergTableEntityId(product) },
    orderBy: { id: "desc" },
    select: { after: true, at: true },
  });
  const after = (entry?.after ?? {}) as { deployment?: unknown; reason?: unknown };
  if (entry === null || typeof after.deployment !== "string" || typeof after.reason !== "string")
    return null;
  const failedId = after.deployment;
  const failed = product.deployments.find((deployment) => deployment.id === failedId);
  const superseded = product.deployments.some(
    (deployment) =>
      deployment.operation === "up" &&
      deployment.status === "succeeded" &&
      failed !== undefined &&
      deployment.createdAt > failed.createdAt,
  );
  if (failed === undefined || superseded) return null;
  return { id: failedId, reason: after.reason, at: entry.at.toISOString() };
}

/**
 * The comparison for a product whose table Meshplane's catalog writes (local, Azure) and holds;
 * null otherwise (a Glue or BigLake table has its own writer, and an unregistered table no head).
 */
export async function productTableSchema(
  client: Db,
  product: Product,
  spec: DataProductSpec,
): Promise<ProductTableSchema | null> {
  if (tableHome(product.cloud, undefined).kind !== "meshplane") return null;
  const row = await findCatalogTable(client, product.domain, product.name);
  if (row === null) return null;
  const current = currentSchema(parseStoredMetadata(row.metadata));
  const differences = tableSchemaDifferences(spec.table.columns, current?.fields ?? []);
  const matchesSpec = differences.length === 0;
  return {
    matchesSpec,
    metadataLocation: row.metadataLocation,
    differences,
    failedDeployment: matchesSpec ? null : await failedDeployment(client, product),
    deploying: product.deployments.some(
      (deployment) => deployment.operation === "up" && !isFinished(deployment.status),
    ),
  };
}
