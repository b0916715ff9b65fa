/**
 * What the end of a deployment means for its request and product, written in the same
 * transaction as the deployment's final status, with audit entries by the `automation` actor.
 */
import { changesProduct, type FinalDeploymentStatus } from "#core/deployment-lifecycle";
import type { Deployment } from "#db";
import type { Transaction } from "#db/client";
import { transition, type RequestAction } from "#core/request-lifecycle";

async function auditByAutomation(
  tx: Transaction,
  entry: { action: string; entityType: string; entityId: string; before?: object; after?: object },
): Promise<void> {
  await tx.auditLog.create({
    data: {
      actorId: null,
      actorLabel: "automation",
      action: entry.action,
      entityType: entry.entityType,
      entityId: entry.entityId,
      before: entry.before ?? undefined,
      after: entry.after ?? undefined,
    },
  });
}

/** Moves the request on (`succeed` / `fail`) when the deployment carried it out. */
async function settleRequest(
  tx: Transaction,
  deployment: Deployment,
  action: RequestAction,
  reason: string | undefined,
): Promise<void> {
  if (deployment.requestId === null) return;
  const request = await tx.productRequest.findUnique({ where: { id: deployment.requestId } });
  if (request === null) return;
  const next = transition(request.kind, request.status, action);
  if (!next.ok) return;
  await tx.productRequest.update({ where: { id: request.id }, data: { status: next.status } });
  await tx.requestStatusChange.create({
    data: {
      requestId: request.id,
      fromStatus: request.status,
      toStatus: next.status,
      action,
      reason: reason ?? null,
      actorId: null,
    },
  });
  await auditByAutomation(tx, {
    action: `request.${action}`,
    entityType: "request",
    entityId: request.id,
    before: { status: request.status },
    after: { status: next.status, deployment: deployment.id },
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
  await auditByAutomation(tx, {
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
    if (deployment.operation === "destroy") await markDecommissioned(tx, deployment);
    await settleRequest(tx, deployment, "succeed", undefined);
    return;
  }
  await settleRequest(tx, deployment, "fail", error);
  const product = await tx.dataProduct.findUnique({ where: { id: deployment.productId } });
  if (product?.status === "deploying")
    await tx.dataProduct.update({ where: { id: product.id }, data: { status: "failed" } });
}

/** MeshCatalogEntry's DELETE normally did this already; a stack without one still ends retired. */
async function markDecommissioned(tx: Transaction, deployment: Deployment): Promise<void> {
  const product = await tx.dataProduct.findUnique({ where: { id: deployment.productId } });
  if (product === null || product.status === "decommissioned") return;
  await tx.dataProduct.update({ where: { id: product.id }, data: { status: "decommissioned" } });
  await auditByAutomation(tx, {
    action: "product.decommissioned",
    entityType: "product",
    entityId: `${product.domain}/${product.name}`,
    before: { status: product.status },
    after: { stack: deployment.stackName, status: "decommissioned" },
  });
}
