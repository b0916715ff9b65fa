import "server-only";
/**
 * Deployments from the portal: what the platform team may run on which stack, queued for the
 * worker (infra/automation/). Every rule of the request state machine applies: `deploy` moves an
 * approved (or failed) request to deploying and queues `up`, or `destroy` for a decommission;
 * destroy exists in no other way. Triggering twice yields the deployment already queued.
 */
import { portalConfig } from "#config";
import { DataProductSpec } from "#contract";
import {
  ACTIVE_DEPLOYMENT_STATUSES,
  cancelOutcome,
  changesProduct,
  isRetryable,
} from "#core/deployment-lifecycle";
import { progressOf, type StoredEvent } from "#core/deployment-progress";
import { StoredPlan } from "#core/plan-result";
import { isPreviewable } from "#core/request-lifecycle";
import { specHash } from "#core/spec-hash";
import { productStackName } from "#core/stack-names";
import type { Deployment as DeploymentRow, DeploymentOperation } from "#db";
import { sunsetReached } from "#core/sunset";
import type { Database, Db } from "#db/client";
import { AUTOMATION, auditBy, type Audit } from "#workflow/audit";
import { applyRequestTransition } from "#workflow/request-transition";
import { enqueue, requestCancel } from "#workflow/deployment-queue";
import { createRequestedProduct, markProductDeploying } from "#workflow/product-status";
import type {
  DeploymentDetail,
  DeploymentEventItem,
  DeploymentSummary,
} from "../shared/deployment-schemas";
import type { UserPrincipal } from "./authz";
import { logError } from "./log";
import { pageOf } from "./pagination";
import { ConflictError, NotFoundError } from "./problems";
import { getRequestOrThrow, takeAction, type RequestDetailRow } from "./requests";

export interface Enqueued {
  deployment: DeploymentSummary;
  created: boolean;
}

function toSummary(
  row: DeploymentRow & { product: { domain: string; name: string } },
): DeploymentSummary {
  return {
    id: row.id,
    product: `${row.product.domain}/${row.product.name}`,
    requestId: row.requestId,
    operation: row.operation,
    status: row.status,
    stack: row.stackName,
    environment: row.environment,
    progress: { done: row.resourcesDone, planned: row.resourcesPlanned },
    error: row.error,
    cancelRequested: row.cancelRequested,
    cancelOutcome: cancelOutcome(row.status, row.cancelRequested),
    retryOf: row.retryOfId,
    createdAt: row.createdAt.toISOString(),
    startedAt: row.startedAt?.toISOString() ?? null,
    finishedAt: row.finishedAt?.toISOString() ?? null,
  };
}

const WITH_PRODUCT = { product: { select: { domain: true, name: true } } } as const;

async function summaryOf(db: Db, id: string): Promise<DeploymentSummary> {
  return toSummary(await db.deployment.findUniqueOrThrow({ where: { id }, include: WITH_PRODUCT }));
}

/** Audited either way: a repeated trigger is recorded too, as joining the queued deployment. */
async function audited(
  db: Db,
  audit: Audit,
  result: { deployment: DeploymentRow; created: boolean },
): Promise<Enqueued> {
  const { deployment, created } = result;
  await audit({
    action: `deployment.${deployment.operation}.${created ? "queued" : "already-queued"}`,
    entityType: "deployment",
    entityId: deployment.id,
    after: { stack: deployment.stackName, requestId: deployment.requestId },
  });
  return { deployment: await summaryOf(db, deployment.id), created };
}

/** The product a request acts on, created (status `requested`) for a product not yet deployed. */
async function productForRequest(
  db: Db,
  request: {
    id: string;
    kind: string;
    domain: string;
    name: string;
    productId: string | null;
    spec: unknown;
  },
) {
  if (request.productId !== null)
    return db.dataProduct.findUniqueOrThrow({ where: { id: request.productId } });
  const where = { domain_name: { domain: request.domain, name: request.name } };
  const existing = await db.dataProduct.findUnique({ where });
  if (existing === null && request.kind === "decommission")
    throw new ConflictError(
      `there is no product ${request.domain}/${request.name} to decommission`,
    );
  const product =
    existing ?? (await createRequestedProduct(db, DataProductSpec.parse(request.spec)));
  await db.productRequest.update({ where: { id: request.id }, data: { productId: product.id } });
  return product;
}

/** Queues `operation` on the product's stack (named now if the product was never deployed). */
async function queueOn(
  db: Db,
  audit: Audit,
  /** Who started it; null for the automation (a sunset). */
  user: UserPrincipal | null,
  product: { id: string; stackName: string | null; environment: string | null },
  job: {
    operation: DeploymentOperation;
    spec: DataProductSpec;
    requestId?: string;
    /** The request's, for its plan preview. */
    request?: { spec: unknown; planPreview: unknown };
  },
): Promise<Enqueued> {
  const environment = product.environment ?? portalConfig().environment;
  const stackName = product.stackName ?? productStackName(job.spec, environment);
  const { request, ...operation } = job;
  const input = {
    ...operation,
    resourcesPlanned: request && plannedResources(request, environment),
    productId: product.id,
    startedById: user?.userId,
    environment,
    stackName,
  };
  return audited(db, audit, await enqueueOwn(db, input));
}

/** Queues the operation; a request's gets a deployment of its own (takeOver). */
async function enqueueOwn(
  db: Db,
  job: Parameters<typeof enqueue>[1],
): Promise<{ deployment: DeploymentRow; created: boolean }> {
  const result = await enqueue(db, job);
  if (job.requestId === undefined || result.deployment.requestId === job.requestId) return result;
  return { deployment: await takeOver(db, result.deployment, job), created: false };
}

/**
 * The request's operation when the stack already has one of that kind queued or running (one
 * per stack and operation): a queued one that carries no request (a grant's `up`) becomes the
 * request's, with its spec (grants are read when it starts anyway); anything else is refused, as
 * the request's change would otherwise ride on a deployment that neither deploys its spec nor
 * settles it, leaving it `deploying` for ever.
 */
async function takeOver(
  db: Db,
  active: DeploymentRow,
  job: Parameters<typeof enqueue>[1],
): Promise<DeploymentRow> {
  const { count } = await db.deployment.updateMany({
    where: { id: active.id, status: "queued", requestId: null },
    data: {
      requestId: job.requestId ?? null,
      spec: job.spec ?? undefined,
      startedById: job.startedById ?? null,
      resourcesPlanned: job.resourcesPlanned ?? 0,
    },
  });
  if (count === 1) return db.deployment.findUniqueOrThrow({ where: { id: active.id } });
  throw new ConflictError(
    `stack ${active.stackName} has an ${active.operation} ${active.status} already (deployment ${active.id}` +
      `${active.requestId === null ? "" : ` for request ${active.requestId}`}): deploy this request once it has ended`,
  );
}

/**
 * `deploy` on a request the caller may deploy (authz.ts `canTakeAction`): `up` for create/update,
 * `destroy` for an approved decommission.
 */
export async function deployRequest(
  db: Db,
  user: UserPrincipal,
  request: RequestDetailRow,
  audit: Audit,
): Promise<Enqueued> {
  const requestId = request.id;
  const operation: DeploymentOperation = request.kind === "decommission" ? "destroy" : "up";
  const joinActive = async () => {
    const active = await db.deployment.findFirst({
      where: { requestId, status: { in: [...ACTIVE_DEPLOYMENT_STATUSES] } },
    });
    return active === null ? undefined : audited(db, audit, { deployment: active, created: false });
  };
  if (request.status === "deploying") {
    const joined = await joinActive();
    if (joined !== undefined) return joined;
  }
  if (request.kind === "decommission" && !sunsetReached(request.sunsetAt, new Date()))
    throw new ConflictError(
      `the sunset of ${request.domain}/${request.name} is ${request.sunsetAt?.toISOString() ?? ""}: ` +
        "it stays readable until then, and the destroy is queued automatically at that time",
    );
  try {
    await takeAction(db, user, request, "deploy", undefined, audit);
  } catch (error) {
    // Two admins at once: the other transaction moved the request on and queued the deployment.
    const joined = error instanceof ConflictError ? await joinActive() : undefined;
    if (joined === undefined) throw error;
    return joined;
  }
  const product = await productForRequest(db, request);
  const spec = DataProductSpec.parse(operation === "destroy" ? product.spec : request.spec);
  if (operation === "up") await markProductDeploying(db, product.id);
  return queueOn(db, audit, user, product, {
    operation,
    spec,
    requestId,
    ...(operation === "up" ? { request } : {}),
  });
}

/**
 * The resource count of the request's plan preview when it planned this very spec and
 * environment: the deployment's progress bar starts from it instead of growing as steps appear.
 */
function plannedResources(
  request: { spec: unknown; planPreview: unknown },
  environment: string,
): number | undefined {
  const plan = StoredPlan.safeParse(request.planPreview);
  if (!plan.success || plan.data.status !== "ready") return undefined;
  return plan.data.specHash === specHash(request.spec, environment)
    ? plan.data.resources.length
    : undefined;
}

/**
 * The sunset task (instrumentation.ts, every minute): the approved decommissions whose sunset has
 * come move to deploying and their destroy is queued, by the automation actor, each in its own
 * transaction. One whose stack already has a destroy of another request stays approved (its
 * transaction rolls back) and is tried again next minute; the others go on. Returns how many it
 * queued.
 */
export async function deployDueSunsets(
  database: Database,
  now: Date = new Date(),
): Promise<number> {
  const due = await database.productRequest.findMany({
    where: { kind: "decommission", status: "approved", sunsetAt: { lte: now } },
    select: { id: true },
    orderBy: { sunsetAt: "asc" },
    take: 50,
  });
  let queued = 0;
  for (const { id } of due) {
    const done = await deploySunset(database, id).catch((error: unknown) => {
      if (!(error instanceof ConflictError)) throw error;
      logError(`[sunset] request ${id} waits`, error);
      return false;
    });
    if (done) queued += 1;
  }
  return queued;
}

/** One due sunset's transition and destroy, in its own transaction; false when not approved. */
async function deploySunset(database: Database, id: string): Promise<boolean> {
  return database.$transaction(async (tx) => {
    const request = await tx.productRequest.findUnique({ where: { id } });
    if (request?.status !== "approved") return false;
    const audit = auditBy(tx, AUTOMATION);
    const moved = await applyRequestTransition(tx, request, "deploy", {
      actor: AUTOMATION,
      audit,
      reason: `sunset ${request.sunsetAt?.toISOString() ?? ""} reached`,
    });
    if (!moved.ok) return false;
    const product = await productForRequest(tx, request);
    const spec = DataProductSpec.parse(product.spec);
    await queueOn(tx, audit, null, product, { operation: "destroy", spec, requestId: id });
    return true;
  });
}

/** The plan of a request's spec, before deploying it. */
export async function previewRequest(
  db: Db,
  user: UserPrincipal,
  request: RequestDetailRow,
  audit: Audit,
): Promise<Enqueued> {
  const requestId = request.id;
  if (!isPreviewable(request.kind, request.status))
    throw new ConflictError(`a ${request.status} ${request.kind} request has no plan to preview`);
  const product = await productForRequest(db, request);
  const spec = DataProductSpec.parse(request.spec);
  return queueOn(db, audit, user, product, { operation: "preview", spec, requestId });
}

/** Preview or refresh of a deployed product's stack with its current spec. */
export async function productOperation(
  db: Db,
  user: UserPrincipal,
  domain: string,
  name: string,
  operation: "preview" | "refresh",
  audit: Audit,
): Promise<Enqueued> {
  const product = await db.dataProduct.findUnique({ where: { domain_name: { domain, name } } });
  if (product === null) throw new NotFoundError(`no product ${domain}/${name}`);
  if (product.stackName === null || product.status === "decommissioned")
    throw new ConflictError(`${domain}/${name} has no deployed stack to ${operation}`);
  const spec = DataProductSpec.parse(product.spec);
  return queueOn(db, audit, user, product, { operation, spec });
}

/**
 * A queued deployment ends `cancelled` at once; a running one stays `running` with
 * `cancelOutcome: "pending"` until its worker has stopped the operation.
 */
export async function cancelDeployment(
  db: Db,
  id: string,
  audit: Audit,
): Promise<DeploymentSummary> {
  await getDeploymentRow(db, id);
  const result = await requestCancel(db, id);
  if (result === undefined) throw new ConflictError("the deployment has already ended");
  await audit({ action: `deployment.${result}`, entityType: "deployment", entityId: id });
  return summaryOf(db, id);
}

/** Runs an ended (failed, interrupted, cancelled) deployment again, as a new deployment. */
export async function retryDeployment(
  db: Db,
  user: UserPrincipal,
  id: string,
  audit: Audit,
): Promise<Enqueued> {
  const previous = await getDeploymentRow(db, id);
  if (!isRetryable(previous.status))
    throw new ConflictError(`a ${previous.status} deployment cannot be retried`);
  if (previous.requestId !== null && changesProduct(previous.operation)) {
    const request = await getRequestOrThrow(db, user, previous.requestId);
    if (request.status === "failed")
      await takeAction(db, user, request, "deploy", undefined, audit);
  }
  // A product whose `up` failed is being deployed again (settle marks it failed or live).
  if (previous.operation === "up") await markProductDeploying(db, previous.productId);
  return audited(
    db,
    audit,
    await enqueueOwn(db, {
      productId: previous.productId,
      requestId: previous.requestId ?? undefined,
      startedById: user.userId,
      stackName: previous.stackName,
      environment: previous.environment,
      operation: previous.operation,
      spec: previous.spec === null ? undefined : DataProductSpec.parse(previous.spec),
      retryOfId: previous.id,
    }),
  );
}

async function getDeploymentRow(db: Db, id: string) {
  const row = await db.deployment.findUnique({ where: { id } });
  if (row === null) throw new NotFoundError(`no deployment ${id}`);
  return row;
}

export async function listDeployments(
  db: Db,
  filters: {
    page: number;
    pageSize: number;
    product?: string | undefined;
    status?: DeploymentRow["status"] | undefined;
  },
) {
  const [domain, name] = filters.product?.split("/") ?? [];
  const where = {
    ...(domain !== undefined && name !== undefined ? { product: { domain, name } } : {}),
    ...(filters.status === undefined ? {} : { status: filters.status }),
  };
  return pageOf(
    filters,
    async (window) =>
      (
        await db.deployment.findMany({
          where,
          include: WITH_PRODUCT,
          orderBy: [{ createdAt: "desc" }, { id: "desc" }],
          ...window,
        })
      ).map(toSummary),
    () => db.deployment.count({ where }),
  );
}

/** The deployments that carried out (or previewed) a request, newest first. */
export async function requestDeployments(db: Db, requestId: string): Promise<DeploymentSummary[]> {
  const rows = await db.deployment.findMany({
    where: { requestId },
    include: WITH_PRODUCT,
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: 20,
  });
  return rows.map(toSummary);
}

export async function getDeployment(db: Db, id: string): Promise<DeploymentDetail> {
  const row = await db.deployment.findUnique({ where: { id }, include: WITH_PRODUCT });
  if (row === null) throw new NotFoundError(`no deployment ${id}`);
  const events = await db.deploymentEvent.findMany({
    where: { deploymentId: id, type: { in: ["resourcePre", "resOutputs", "resOpFailed"] } },
    orderBy: { sequence: "asc" },
    select: { payload: true },
  });
  const progress = progressOf(events.map((event) => event.payload as StoredEvent));
  return {
    ...toSummary(row),
    summary: (row.summary ?? null) as DeploymentDetail["summary"],
    resources: progress.resources,
  };
}

export async function listDeploymentEvents(
  db: Db,
  id: string,
  query: { after: number; limit: number },
): Promise<{ items: DeploymentEventItem[]; next: number }> {
  await getDeploymentRow(db, id);
  const rows = await db.deploymentEvent.findMany({
    where: { deploymentId: id, sequence: { gt: query.after } },
    orderBy: { sequence: "asc" },
    take: query.limit,
  });
  return {
    items: rows.map((row) => ({
      sequence: row.sequence,
      at: row.at.toISOString(),
      event: row.payload as DeploymentEventItem["event"],
    })),
    next: rows.at(-1)?.sequence ?? query.after,
  };
}
