/**
 * What the end of a deployment means for its request and product, written in the same
 * transaction as the deployment's final status, with audit entries by the `automation` actor.
 */
import { changesProduct, type FinalDeploymentStatus } from "#core/deployment-lifecycle";
import type { RequestAction } from "#core/request-lifecycle";
import type { Deployment } from "#db";
import type { Transaction } from "#db/client";
import { parseBaseConfig } from "#config";
import { TABLE_EVOLUTION_FAILED, icebergCatalogUri } from "#core/iceberg-catalog";
import { AUTOMATION, auditBy, icebergTableEntityId } from "./audit";
import { InvalidUpdate, RequirementFailed } from "#lib/iceberg/updates";
import {
  CommitConflict,
  DEPLOYMENT_COMMIT_ATTEMPTS,
  MetadataWriteFailed,
  commitDeployedTable,
  orRemoveMetadataFile,
  registerDeployedTable,
  type CommittedTable,
  type TableEvolution,
} from "./iceberg-catalog";
import { markProductDecommissioned, markProductFailed } from "./product-status";
import { recordVersion } from "./product-versions";
import { applyRequestTransition } from "./request-transition";

/**
 * Moves the request on (`succeed` / `fail`) when the deployment carried it out; a request another
 * writer moved on meanwhile keeps its status.
 */
async function settleRequest(
  tx: Transaction,
  deployment: Deployment,
  action: RequestAction,
  reason: string | undefined,
): Promise<void> {
  if (deployment.requestId === null) return;
  const request = await tx.productRequest.findUnique({ where: { id: deployment.requestId } });
  if (request === null) return;
  await applyRequestTransition(tx, request, action, {
    actor: AUTOMATION,
    audit: auditBy(tx, AUTOMATION),
    reason,
    detail: { deployment: deployment.id },
  });
}

/**
 * After `up`, the stack's MeshCatalogEntry has registered the product through the catalog API.
 * Returns why the registration is missing, or undefined when it is there.
 */
export async function checkRegistration(
  tx: Transaction,
  deployment: Deployment,
): Promise<string | undefined> {
  const product = await tx.dataProduct.findUnique({ where: { id: deployment.productId } });
  if (product === null) return "the product no longer exists in the portal";
  if (product.status !== "live" || product.stackName !== deployment.stackName) {
    return (
      `the stack deployed, but the catalog entry of ${product.domain}/${product.name} was not ` +
      `registered by stack ${deployment.stackName} (status ${product.status}, stack ` +
      `${product.stackName ?? "none"}): check that the worker's catalog URL reaches this portal`
    );
  }
  if (product.outputs === null) return "the catalog entry has no outputs";
  return undefined;
}

/** The Iceberg REST catalog's URI as the portal serves it (its public URL), for settled tables. */
function configuredCatalogUri(): string {
  return icebergCatalogUri(parseBaseConfig(process.env).publicUrl);
}

/**
 * The end of a deployment the worker ran (or recovered), audited, with its effects. A
 * successful `up` of a product whose table the catalog already holds commits the spec's table
 * change first (`evolveTable`, built by the worker); when that commit cannot be made, the
 * deployment ends failed, saying why, rather than losing the change.
 */
export async function settle(
  tx: Transaction,
  deployment: Deployment,
  status: FinalDeploymentStatus,
  error: string | undefined,
  evolveTable?: TableEvolution,
): Promise<void> {
  if (status === "succeeded" && evolveTable !== undefined) {
    const change = await commitTableChange(tx, deployment, evolveTable);
    if ("refused" in change) {
      await tx.deployment.update({
        where: { id: deployment.id },
        data: { status: "failed", error: change.refused },
      });
      return settle(tx, deployment, "failed", change.refused);
    }
    // The rest failing rolls the commit back with everything else: its file goes too.
    if (change.committed !== undefined)
      return orRemoveMetadataFile(change.committed.metadataLocation, () =>
        settleEnd(tx, deployment, status, error),
      );
  }
  await settleEnd(tx, deployment, status, error);
}

/** The deployment's end audited, and its effects. */
async function settleEnd(
  tx: Transaction,
  deployment: Deployment,
  status: FinalDeploymentStatus,
  error: string | undefined,
): Promise<void> {
  await auditBy(
    tx,
    AUTOMATION,
  )({
    action: `deployment.${status}`,
    entityType: "deployment",
    entityId: deployment.id,
    after: { operation: deployment.operation, stack: deployment.stackName, error: error ?? null },
  });
  await settleEffects(tx, deployment, status, error);
}

/**
 * Request and product effects of a finished deployment; preview and refresh change neither. On
 * its own for a deployment that ended without the worker (a queued one cancelled), whose end the
 * caller audits.
 */
export async function settleEffects(
  tx: Transaction,
  deployment: Deployment,
  status: FinalDeploymentStatus,
  error: string | undefined,
): Promise<void> {
  if (!changesProduct(deployment.operation)) return;
  if (status === "succeeded") {
    if (deployment.operation === "destroy") await decommissioned(tx, deployment);
    else {
      await recordVersion(tx, deployment);
      await registerInIcebergCatalog(tx, deployment);
    }
    await settleRequest(tx, deployment, "succeed", undefined);
    return;
  }
  await settleRequest(tx, deployment, "fail", error);
  await markProductFailed(tx, deployment.productId);
}

/** MeshCatalogEntry's DELETE normally did this already; a stack without one still ends retired. */
async function decommissioned(tx: Transaction, deployment: Deployment): Promise<void> {
  const product = await tx.dataProduct.findUnique({ where: { id: deployment.productId } });
  if (product === null || product.status === "decommissioned") return;
  const audit = auditBy(tx, AUTOMATION);
  await markProductDecommissioned(tx, product.id, audit);
  await audit({
    action: "product.decommissioned",
    entityType: "product",
    entityId: `${product.domain}/${product.name}`,
    before: { status: product.status },
    after: { stack: deployment.stackName, status: "decommissioned" },
  });
}

/** A deployed local product's table joins the Iceberg REST catalog (workflow/iceberg-catalog.ts). */
async function registerInIcebergCatalog(tx: Transaction, deployment: Deployment): Promise<void> {
  const catalogUri = configuredCatalogUri();
  const audit = auditBy(tx, AUTOMATION);
  try {
    const result = await registerDeployedTable(tx, deployment.productId, catalogUri);
    if (result?.registered !== true) return;
    await audit({
      action: "iceberg-table.registered",
      entityType: "iceberg-table",
      entityId: result.table,
      after: { deployment: deployment.id },
    });
  } catch (error) {
    // The stack is deployed whatever the catalog says: the deployment still succeeds, and the
    // audit log says why engines cannot reach the table yet (a redeploy registers it).
    if (!(error instanceof InvalidUpdate)) throw error;
    const product = await tx.dataProduct.findUniqueOrThrow({
      where: { id: deployment.productId },
      select: { domain: true, name: true },
    });
    await audit({
      action: "iceberg-table.registration-failed",
      entityType: "iceberg-table",
      entityId: icebergTableEntityId(product),
      after: { deployment: deployment.id, reason: error.message },
    });
  }
}

/**
 * Commits an `up`'s table change to the catalog (commitDeployedTable, audited by the automation
 * actor): the commit (none when the table is not in the catalog or already matches), or why it
 * could not be made, after auditing `iceberg-table.evolution-failed`: an illegal evolution of the
 * current head (an engine committed data, or dropped a column the spec keeps), engines winning
 * every race, or the table's storage refusing the new metadata file. A table not yet in the
 * catalog is registered by settleEffects.
 */
async function commitTableChange(
  tx: Transaction,
  deployment: Deployment,
  evolve: TableEvolution,
): Promise<{ refused: string } | { committed: CommittedTable | undefined }> {
  if (deployment.operation !== "up") return { committed: undefined };
  const product = await tx.dataProduct.findUnique({ where: { id: deployment.productId } });
  if (product === null) return { committed: undefined };
  const catalogUri = configuredCatalogUri();
  const context = { actor: AUTOMATION, deploymentId: deployment.id, catalogUri };
  try {
    return { committed: await commitDeployedTable(tx, product, evolve, context) };
  } catch (error) {
    const refused = refusal(error);
    if (refused === undefined) throw error;
    const reason = `The stack deployed, but the table change was not committed to the Iceberg catalog: ${refused}. Deploy again to retry.`;
    await auditBy(
      tx,
      AUTOMATION,
    )({
      action: TABLE_EVOLUTION_FAILED,
      entityType: "iceberg-table",
      entityId: icebergTableEntityId(product),
      after: { deployment: deployment.id, reason: refused },
    });
    return { refused: reason };
  }
}

function refusal(error: unknown): string | undefined {
  if (error instanceof CommitConflict)
    return `other commits moved the table ${DEPLOYMENT_COMMIT_ATTEMPTS} times in a row while it was rebuilt on each new head`;
  // The storage refusing the file (no space, no permission, the account gone) committed nothing:
  // the deployment ends failed saying so, not stuck running until recovery calls it interrupted.
  if (
    error instanceof InvalidUpdate ||
    error instanceof RequirementFailed ||
    error instanceof MetadataWriteFailed
  )
    return error.message;
  return undefined;
}
