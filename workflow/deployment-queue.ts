/**
 * The deployment queue, in the `deployments` table. The database enforces the two rules that
 * matter under concurrency: one queued-or-running deployment per stack and operation (unique
 * `active_key`: triggering twice finds the first) and one running operation per stack (unique
 * `running_stack`). Workers claim with `FOR UPDATE SKIP LOCKED`, oldest first per stack, and hold a
 * lease they renew; an expired lease means the worker died (infra/automation/worker.ts). No
 * Pulumi imports: the portal enqueues and cancels through this module, the worker claims, renews
 * and ends.
 */
import { DataProductSpec } from "#contract";
import type { DeploymentOperation, FinalDeploymentStatus } from "#core/deployment-lifecycle";
import type { Deployment } from "#db";
import { inTransaction, type Database, type Db, type Transaction } from "#db/client";
import { stackGrants } from "./access";
import type { TableEvolution } from "./iceberg-catalog";
import { settle, settleEffects } from "./settle";

function activeKey(stackName: string, operation: DeploymentOperation): string {
  return `${stackName}/${operation}`;
}

export interface EnqueueInput {
  productId: string;
  requestId?: string | undefined;
  startedById?: string | undefined;
  stackName: string;
  environment: string;
  operation: DeploymentOperation;
  spec?: DataProductSpec | undefined;
  retryOfId?: string | undefined;
  /** Resources the operation is expected to touch, when known beforehand (a plan preview). */
  resourcesPlanned?: number | undefined;
}

/**
 * Queues an operation, or returns the one already queued or running for the same stack and
 * operation (`created: false`). ON CONFLICT DO NOTHING (createMany's skipDuplicates) waits for a
 * concurrent insert of the same key and then skips, without aborting the caller's transaction.
 */
export async function enqueue(
  db: Db,
  input: EnqueueInput,
): Promise<{ deployment: Deployment; created: boolean }> {
  const key = activeKey(input.stackName, input.operation);
  const { count } = await db.deployment.createMany({
    data: [
      {
        productId: input.productId,
        requestId: input.requestId ?? null,
        startedById: input.startedById ?? null,
        stackName: input.stackName,
        environment: input.environment,
        operation: input.operation,
        spec: input.spec ?? undefined,
        retryOfId: input.retryOfId ?? null,
        resourcesPlanned: input.resourcesPlanned ?? 0,
        activeKey: key,
      },
    ],
    skipDuplicates: true,
  });
  const deployment = await db.deployment.findUniqueOrThrow({ where: { activeKey: key } });
  return { deployment, created: count === 1 };
}

/**
 * Claims the oldest claimable deployment: queued, the oldest queued of its stack, and its stack
 * not running anything. Returns undefined when there is none, or when another worker won the
 * race for the same stack (the unique running_stack refused the second claim).
 */
export async function claimNext(
  db: Database,
  workerId: string,
  leaseSeconds: number,
): Promise<Deployment | undefined> {
  try {
    const rows = await db.$queryRaw<{ id: string }[]>`
      UPDATE deployments
         SET status = 'running', running_stack = stack_name, worker_id = ${workerId},
             lease_expires_at = now() + make_interval(secs => ${leaseSeconds}),
             started_at = now()
       WHERE id = (
         SELECT d.id FROM deployments d
          WHERE d.status = 'queued'
            AND NOT EXISTS (SELECT 1 FROM deployments r WHERE r.running_stack = d.stack_name)
            AND NOT EXISTS (
              SELECT 1 FROM deployments o
               WHERE o.stack_name = d.stack_name AND o.status = 'queued'
                 AND (o.created_at, o.id) < (d.created_at, d.id))
          ORDER BY d.created_at, d.id
          LIMIT 1
          FOR UPDATE SKIP LOCKED)
         AND status = 'queued'
      RETURNING id`;
    const id = rows[0]?.id;
    return id === undefined ? undefined : await db.deployment.findUniqueOrThrow({ where: { id } });
  } catch (error) {
    if (isUniqueViolation(error, "running_stack")) return undefined;
    throw error;
  }
}

function isUniqueViolation(error: unknown, column: string): boolean {
  const text = error instanceof Error ? `${error.message} ${JSON.stringify(error)}` : "";
  return (text.includes("23505") || /unique/i.test(text)) && text.includes(column);
}

/** Renews the lease; false when this worker no longer holds the deployment. */
export async function renewLease(
  db: Database,
  id: string,
  workerId: string,
  leaseSeconds: number,
): Promise<boolean> {
  const renewed = await db.$executeRaw`
    UPDATE deployments SET lease_expires_at = now() + make_interval(secs => ${leaseSeconds})
     WHERE id = ${id} AND worker_id = ${workerId} AND status = 'running'`;
  return renewed === 1;
}

/**
 * Of the deployments `workerId` runs (`ids`), those an admin asked to cancel. The worker asks
 * every poll interval while it runs something, so a cancel reaches even a short operation within
 * about a second; the lease renewal is far too rare for that (docs/operations.md).
 */
export async function cancelRequestedAmong(
  db: Database,
  workerId: string,
  ids: readonly string[],
): Promise<string[]> {
  if (ids.length === 0) return [];
  const rows = await db.deployment.findMany({
    where: { id: { in: [...ids] }, workerId, status: "running", cancelRequested: true },
    select: { id: true },
  });
  return rows.map((row) => row.id);
}

/** Running deployments whose lease expired: their worker died or lost the database. */
export async function expiredLeases(db: Database): Promise<Deployment[]> {
  // The database's clock, which set the leases: a worker's clock running ahead must not expire
  // a live worker's lease.
  const rows = await db.$queryRaw<{ id: string }[]>`
    SELECT id FROM deployments WHERE status = 'running' AND lease_expires_at < now()`;
  if (rows.length === 0) return [];
  return db.deployment.findMany({
    where: { id: { in: rows.map((row) => row.id) }, status: "running" },
    orderBy: { createdAt: "asc" },
  });
}

export interface Finish {
  status: FinalDeploymentStatus;
  error?: string | undefined;
  summary?: object | undefined;
  progress?: { done: number; planned: number } | undefined;
  /** A successful `up`: the spec's table change, committed to the catalog at settle. */
  evolveTable?: TableEvolution | undefined;
  /** A cloud product's `up`: the ids of the grants it provisioned, read when it started. */
  grants?: readonly string[] | undefined;
}

/**
 * Ends a running deployment and frees its stack. `workerId` guards against a worker finishing a
 * deployment that recovery already marked interrupted; pass undefined from recovery itself.
 * Returns false when the deployment was not running (under that worker).
 */
export async function finish(
  db: Db,
  id: string,
  workerId: string | undefined,
  end: Finish,
): Promise<boolean> {
  const { count } = await db.deployment.updateMany({
    where: { id, status: "running", ...(workerId === undefined ? {} : { workerId }) },
    data: {
      status: end.status,
      error: end.error ?? null,
      ...(end.summary === undefined ? {} : { summary: end.summary }),
      ...(end.progress === undefined
        ? {}
        : { resourcesDone: end.progress.done, resourcesPlanned: end.progress.planned }),
      finishedAt: new Date(),
      activeKey: null,
      runningStack: null,
      leaseExpiresAt: null,
    },
  });
  return count === 1;
}

/**
 * Ends a running deployment and, in the same transaction, settles what its end means for its
 * request and product (audited by the automation actor). Returns false, doing nothing, when it
 * was not running (under that worker).
 */
export async function endDeployment(
  tx: Transaction,
  deployment: Deployment,
  workerId: string | undefined,
  end: Finish,
): Promise<boolean> {
  if (!(await finish(tx, deployment.id, workerId, end))) return false;
  await settle(tx, deployment, end.status, end.error, end.evolveTable);
  if (end.status === "succeeded" && end.grants !== undefined)
    await provisionGrantsDecidedMeanwhile(tx, deployment, end.grants);
  return true;
}

/**
 * A grant approved, revoked or expired while an `up` ran was queued onto that `up` (one active
 * `up` per stack), which had read the grants when it started: the cloud would keep the access
 * the portal shows revoked, or miss the one it shows approved. When the grants in force now
 * differ from those provisioned, one more `up` is queued and the changed grants name it.
 */
async function provisionGrantsDecidedMeanwhile(
  tx: Transaction,
  deployment: Deployment,
  provisioned: readonly string[],
): Promise<void> {
  const product = await tx.dataProduct.findUnique({ where: { id: deployment.productId } });
  if (product?.status !== "live" || product.stackName === null || product.environment === null)
    return;
  const inForce = (await stackGrants(tx, product, new Date())).map((grant) => grant.id);
  const changed = [
    ...inForce.filter((id) => !provisioned.includes(id)),
    ...provisioned.filter((id) => !inForce.includes(id)),
  ];
  if (changed.length === 0) return;
  const { deployment: next } = await enqueue(tx, {
    productId: product.id,
    stackName: product.stackName,
    environment: product.environment,
    operation: "up",
    spec: DataProductSpec.parse(product.spec),
  });
  await tx.accessGrant.updateMany({
    where: { id: { in: changed } },
    data: { deploymentId: next.id },
  });
}

const CANCELLED_BEFORE_START = "cancelled before it started";

/**
 * Cancels: a queued deployment ends at once, failing its request (and a product not yet
 * deployed) in the same transaction; a running one is flagged, its worker sees the flag within a
 * poll interval and stops the CLI gracefully, then settles (`cancelled`, or what the operation
 * came to if it ended first). Either way the flag stays, so the deployment tells whether the
 * cancel took effect (`cancelOutcome` in core/deployment-lifecycle.ts). Returns the resulting
 * status, or undefined when the deployment had already ended.
 */
export async function requestCancel(
  db: Db,
  id: string,
): Promise<"cancelled" | "cancelling" | undefined> {
  return inTransaction(db, async (tx) => {
    if (await cancelQueued(tx, id)) return "cancelled";
    const running = await tx.deployment.updateMany({
      where: { id, status: "running" },
      data: { cancelRequested: true },
    });
    return running.count === 1 ? "cancelling" : undefined;
  });
}

async function cancelQueued(tx: Transaction, id: string): Promise<boolean> {
  const queued = await tx.deployment.updateMany({
    where: { id, status: "queued" },
    data: {
      status: "cancelled",
      cancelRequested: true,
      finishedAt: new Date(),
      activeKey: null,
      error: CANCELLED_BEFORE_START,
    },
  });
  if (queued.count === 0) return false;
  const deployment = await tx.deployment.findUniqueOrThrow({ where: { id } });
  await settleEffects(tx, deployment, "cancelled", CANCELLED_BEFORE_START);
  return true;
}
