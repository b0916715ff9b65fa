/**
 * What the end of a deployment means for its request and product, written in the same
 * transaction as the deployment's final status, with audit entries by the `automation` actor.
 */
import { changesProduct, type FinalDeploymentStatus } from "#core/deployment-lifecycle";
import type { RequestAction } from "#core/request-lifecycle";
import type { Deployment } from "#db";
import type { Transaction } from "#db/client";
import { parseBaseConfig } from "#config";
import { icebergCatalogUri } from "#core/iceberg-catalog";
import { AUTOMATION, auditBy } from "./audit";
import { InvalidUpdate } from "#lib/iceberg/updates";
import { registerDeployedTable } from "./iceberg-catalog";
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

/** The end of a deployment the worker ran (or recovered), audited, with its effects. */
export async function settle(
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
  const catalogUri = icebergCatalogUri(parseBaseConfig(process.env).publicUrl);
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
    await audit({
      action: "iceberg-table.registration-failed",
      entityType: "iceberg-table",
      entityId: deployment.productId,
      after: { deployment: deployment.id, reason: error.message },
    });
  }
}
