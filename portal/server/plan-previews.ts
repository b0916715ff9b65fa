import "server-only";
/**
 * Plan previews of requests: computed on submit and on demand, stored with the request
 * (product_requests.plan_preview) under a hash of the spec, so an unchanged spec is not previewed
 * again. The preview itself runs in a child process (workflow/plan-preview.ts) after the
 * request's transaction committed: a transaction never waits on Pulumi.
 */
import { portalConfig } from "#config";
import { StoredPlan, type PreviewOutcome } from "#core/plan-result";
import { FairQueue } from "#lib/fair-queue";
import { specHash } from "#core/spec-hash";
import type { Db } from "#db/client";
import {
  DEFAULT_PREVIEW_TIMEOUT_MS,
  runPreview,
  type PreviewOptions,
} from "#workflow/plan-preview";
import type { Audit } from "#workflow/audit";
import type { RequestPlan } from "../shared/api-schemas";
import type { UserPrincipal } from "./authz";
import { db } from "./db";
import { ConflictError, TooManyRequestsError } from "./problems";
import { assertValidSpec, getRequestOrThrow, type RequestDetailRow } from "./requests";

/** A preview to start once the transaction that asked for it committed. */
export interface PlanJob {
  requestId: string;
  /** Whose turn it takes in the preview queue. */
  domain: string;
  spec: unknown;
  specHash: string;
}

/** The environment previews plan for: the one the automation backend deploys to. */
function planEnvironment(): string {
  return portalConfig().environment;
}

function previewOptions(): PreviewOptions {
  return { projectDir: portalConfig().projectDir };
}

export function storedPlanOf(value: unknown): StoredPlan | null {
  const parsed = StoredPlan.safeParse(value);
  return parsed.success ? parsed.data : null;
}

/** Previews this module started and that have not finished (deduplicates concurrent starts). */
const running = new Map<string, Promise<void>>();

/**
 * Previews are CPU-bound processes: at most `MESHPLANE_PLAN_PREVIEWS` run at once, the others wait
 * their turn (still "pending"), so a burst of requests cannot start a process each. The slots go
 * to the domains in turn (lib/fair-queue.ts) and a domain holds at most
 * `MESHPLANE_PLAN_PREVIEWS_PER_DOMAIN` previews queued or running: one domain's burst neither
 * delays another domain's preview behind it nor grows the queue without bound. On globalThis:
 * Next may bundle the routes that start previews (submit, plan) apart, each with this module.
 */
const holder = globalThis as typeof globalThis & { meshplanePreviewQueue?: FairQueue };
function previewQueue(): FairQueue {
  const { planPreviews, planPreviewsPerDomain } = portalConfig();
  const queue = holder.meshplanePreviewQueue;
  if (queue?.concurrency !== planPreviews || queue.perKey !== planPreviewsPerDomain)
    holder.meshplanePreviewQueue = new FairQueue(planPreviews, planPreviewsPerDomain);
  return holder.meshplanePreviewQueue as FairQueue;
}

/** When a domain whose queue is full may ask again: about one preview's time per slot. */
const RETRY_AFTER_SECONDS = 10;
const QUEUE_FULL = "this domain already has as many plan previews queued as it may";

/**
 * A pending plan older than the preview timeout (plus a margin for the final write) belongs to a
 * preview that died with its server. The stored state is the truth for the pages: route handlers
 * and pages may not share this module's memory.
 */
const PENDING_EXPIRES_MS = DEFAULT_PREVIEW_TIMEOUT_MS + 30_000;

function inProgress(plan: StoredPlan | null, hash: string, now = Date.now()): boolean {
  return (
    plan?.status === "pending" &&
    plan.specHash === hash &&
    now - Date.parse(plan.requestedAt) < PENDING_EXPIRES_MS
  );
}
const runKey = (job: Pick<PlanJob, "requestId" | "specHash">) => `${job.requestId}:${job.specHash}`;

export async function getRequestPlan(
  client: Db,
  user: UserPrincipal,
  id: string,
): Promise<RequestPlan> {
  return planOf(await getRequestOrThrow(client, user, id));
}

/** The stored plan of a request as it stands for its current spec. */
export function planOf(row: { spec: unknown; planPreview: unknown }): RequestPlan {
  const plan = storedPlanOf(row.planPreview);
  const hash = specHash(row.spec, planEnvironment());
  return {
    plan,
    current: plan !== null && plan.specHash === hash,
    running: inProgress(plan, hash),
  };
}

/**
 * Marks the request's plan pending unless a plan of this very spec is ready or being computed;
 * returns the job to start after commit, or undefined when there is nothing to do.
 */
export async function requestPlan(
  client: Db,
  row: { id: string; domain: string; spec: unknown; planPreview: unknown },
): Promise<PlanJob | undefined> {
  const hash = specHash(row.spec, planEnvironment());
  const stored = storedPlanOf(row.planPreview);
  const job = { requestId: row.id, domain: row.domain, spec: row.spec, specHash: hash };
  if (running.has(runKey(job)) || inProgress(stored, hash)) return undefined;
  if (stored?.specHash === hash && stored.status === "ready") return undefined;
  const pending: StoredPlan = {
    status: "pending",
    specHash: hash,
    requestedAt: new Date().toISOString(),
  };
  await client.productRequest.update({ where: { id: row.id }, data: { planPreview: pending } });
  return job;
}

/**
 * Someone asked for the plan of a request they may see: a decommission has none (409), and only a
 * spec the contract accepts is planned (422 says what to fix instead of starting a preview).
 * Audited; returns the request's plan and the preview to start once the transaction committed.
 */
export async function askForPlan(
  client: Db,
  row: RequestDetailRow,
  audit: Audit,
): Promise<{ plan: RequestPlan; job: PlanJob | undefined }> {
  if (row.kind === "decommission")
    throw new ConflictError("a decommission request has no plan preview");
  assertValidSpec(row.spec);
  if (!previewQueue().hasRoom(row.domain))
    throw new TooManyRequestsError(`${QUEUE_FULL}: ask again shortly`, RETRY_AFTER_SECONDS);
  const job = await requestPlan(client, row);
  await audit({
    action: "request.plan-requested",
    entityType: "request",
    entityId: row.id,
    after: { started: job !== undefined, specHash: job?.specHash ?? null },
  });
  const stored = await client.productRequest.findUniqueOrThrow({
    where: { id: row.id },
    select: { spec: true, planPreview: true },
  });
  const plan = planOf(stored);
  return { plan: job === undefined ? plan : { ...plan, running: true }, job };
}

/**
 * `requestPlan` for a request by id (after a submit, which has already checked access). A domain
 * whose preview queue is full gets none: the submit stands, and the plan can be asked for later.
 */
export async function requestPlanById(client: Db, id: string): Promise<PlanJob | undefined> {
  const row = await client.productRequest.findUniqueOrThrow({
    where: { id },
    select: { id: true, domain: true, spec: true, planPreview: true },
  });
  if (!previewQueue().hasRoom(row.domain)) return undefined;
  return requestPlan(client, row);
}

/** A preview that waited for a slot counts its expiry from its start, not from its request. */
async function markStarted(job: PlanJob): Promise<void> {
  const pending: StoredPlan = {
    status: "pending",
    specHash: job.specHash,
    requestedAt: new Date().toISOString(),
  };
  await db().productRequest.updateMany({
    where: {
      id: job.requestId,
      AND: [
        { planPreview: { path: ["specHash"], equals: job.specHash } },
        { planPreview: { path: ["status"], equals: "pending" } },
      ],
    },
    data: { planPreview: pending },
  });
}

function toStored(job: PlanJob, outcome: PreviewOutcome): StoredPlan {
  const computedAt = new Date().toISOString();
  return outcome.ok
    ? {
        status: "ready",
        specHash: job.specHash,
        computedAt,
        resources: outcome.resources,
        policies: outcome.policies,
      }
    : { status: "failed", specHash: job.specHash, computedAt, error: outcome.error };
}

/**
 * Runs the preview and stores its result, unless the spec changed meanwhile (the stored entry is
 * then another spec's). Concurrent calls for the same request and spec share one preview.
 */
export function startPlan(job: PlanJob): Promise<void> {
  const key = runKey(job);
  const existing = running.get(key);
  if (existing !== undefined) return existing;
  const input = {
    spec: job.spec,
    environment: planEnvironment(),
    catalogUrl: portalConfig().publicUrl,
  };
  // The room checked before the commit may be gone by now (another request of the domain): the
  // preview then ends as failed, saying so, rather than queueing beyond the bound.
  const queued = previewQueue().tryRun(job.domain, async () => {
    await markStarted(job);
    return runPreview(input, previewOptions());
  });
  const work = (
    queued ?? Promise.resolve<PreviewOutcome>({ ok: false, error: `${QUEUE_FULL}: ask again` })
  )
    .then(async (outcome) => {
      await db().productRequest.updateMany({
        where: { id: job.requestId, planPreview: { path: ["specHash"], equals: job.specHash } },
        data: { planPreview: toStored(job, outcome) },
      });
    })
    .finally(() => running.delete(key));
  running.set(key, work);
  return work;
}
