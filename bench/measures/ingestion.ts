/**
 * Measure 3: OpenLineage ingestion, sustained events/s. The API (POST /api/v1/lineage one event per
 * request, and POST /api/v1/lineage/batch 100 per request, through their handlers: key lookup, zod,
 * hashing, the event row in one transaction) against raw INSERTs of the same event rows through
 * `pg` (one statement per event, and one multi-row statement per 100), each on a fresh stream of
 * run events of the generated jobs, sent one request at a time. The projector that the requests
 * start (graph, runs, versions, SLAs) runs meanwhile, as in the portal; after the API run the
 * queue is drained and the end-to-end rate (stored and projected) is reported beside the target.
 * Zero loss: every hash sent is stored exactly once and every stored payload hashes back to it.
 */
import { createHash } from "node:crypto";
import type pg from "pg";
import * as batchRoute from "../../portal/app/api/v1/lineage/batch/route";
import * as singleRoute from "../../portal/app/api/v1/lineage/route";
import { eventHash } from "#workflow/ids";
import { projectPending } from "../../portal/server/lineage/projector";
import type { MeasureContext } from "../context";
import { runEvent, type RunEventShape } from "../generate/lineage";
import { eventRow, insertEventRows } from "../load";
import type { MeasureResult, ResultRow } from "../result";
import { timed } from "../sample";
import { summarize } from "../stats";

const BATCH = 100;

function stream(context: MeasureContext, offset: number, count: number): RunEventShape[] {
  const seed = context.dataset.scale.seed + 100 + offset;
  return Array.from({ length: count }, (_, i) => runEvent(context.dataset.graph, seed, i));
}

function batches<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += BATCH) out.push(items.slice(i, i + BATCH));
  return out;
}

function checksum(hashes: readonly string[]): string {
  return createHash("sha256")
    .update([...hashes].sort().join("\n"))
    .digest("hex");
}

/** Count and checksum of what was stored against what was sent; throws on any difference. */
async function proveNoLoss(pool: pg.Pool, events: readonly RunEventShape[]): Promise<string> {
  const sent = events.map(eventHash);
  const { rows } = await pool.query<{ hash: string; payload: unknown }>(
    "SELECT hash, payload FROM lineage_events WHERE hash = ANY($1::text[])",
    [sent],
  );
  const rehashed = rows.filter((row) => eventHash(row.payload) === row.hash).map((row) => row.hash);
  const expected = checksum(sent);
  const stored = checksum(rehashed);
  if (rows.length !== sent.length || rehashed.length !== sent.length || stored !== expected)
    throw new Error(
      `ingestion lost or altered events: sent ${sent.length}, stored ${rows.length}, intact ${rehashed.length}`,
    );
  return `${sent.length}/${sent.length} stored intact, checksum ${stored.slice(0, 16)}… = sent`;
}

interface Run {
  seconds: number;
  latencies: number[];
}

async function run<T>(items: readonly T[], send: (item: T) => Promise<unknown>): Promise<Run> {
  const latencies: number[] = [];
  for (const item of items) latencies.push(await timed(() => send(item)));
  return { seconds: latencies.reduce((a, b) => a + b, 0) / 1000, latencies };
}

function rateRow(label: string, events: number, api: Run, raw: Run): ResultRow {
  const apiRate = events / api.seconds;
  const rawRate = events / raw.seconds;
  const share = apiRate / rawRate;
  return {
    label,
    api: summarize(api.latencies),
    raw: summarize(raw.latencies),
    value: { amount: apiRate, unit: "events/s" },
    baseline: { amount: rawRate, unit: "events/s" },
    ratio: share,
    target: { text: "API ≥ 70 % of raw events/s", met: share >= 0.7 },
  };
}

/** Stored and projected: the API run's wall time plus draining what it left queued. */
function endToEndRow(label: string, events: number, seconds: number, raw: Run): ResultRow {
  const rate = events / seconds;
  const rawRate = events / raw.seconds;
  return {
    label,
    value: { amount: rate, unit: "events/s" },
    baseline: { amount: rawRate, unit: "events/s" },
    ratio: rate / rawRate,
  };
}

interface ApiRun extends Run {
  /** From the first request until the projector's queue is empty. */
  endToEndSeconds: number;
  /** Events still queued when the last request was answered. */
  queuedAtEnd: number;
}

async function queued(pool: pg.Pool): Promise<number> {
  const { rows } = await pool.query<{ n: number }>(
    "SELECT count(*)::int AS n FROM lineage_events WHERE projected_at IS NULL",
  );
  return rows[0]?.n ?? 0;
}

async function apiRun<T>(
  context: MeasureContext,
  items: readonly T[],
  send: (item: T) => Promise<unknown>,
): Promise<ApiRun> {
  const started = performance.now();
  const result = await run(items, send);
  const queuedAtEnd = await queued(context.pool);
  await projectPending(context.portal.prisma);
  return { ...result, endToEndSeconds: (performance.now() - started) / 1000, queuedAtEnd };
}

/** The raw rows are queued like the API's; projected untimed so the next run starts empty. */
async function rawRun<T>(
  context: MeasureContext,
  items: readonly T[],
  send: (item: T) => Promise<unknown>,
): Promise<Run> {
  const result = await run(items, send);
  await projectPending(context.portal.prisma);
  return result;
}

export async function measureIngestion(context: MeasureContext): Promise<MeasureResult> {
  const { portal, pool, sampling } = context;
  const key = await portal.lineageKey(context.dataset.domains[0]?.slug ?? "");
  const singles = sampling.samples * 5;
  const batched = sampling.samples * 50;
  const postOne = (event: RunEventShape) =>
    portal.call(singleRoute.POST, "POST", "/api/v1/lineage", { body: event, bearer: key });
  const postMany = (events: RunEventShape[]) =>
    portal.call(batchRoute.POST, "POST", "/api/v1/lineage/batch", { body: events, bearer: key });
  for (const event of stream(context, 0, sampling.warmup * 2)) await postOne(event);
  await projectPending(portal.prisma);
  const [apiSingle, rawSingle, apiBatch, rawBatch] = [1, 2, 3, 4].map((offset) =>
    stream(context, offset, offset <= 2 ? singles : batched),
  ) as [RunEventShape[], RunEventShape[], RunEventShape[], RunEventShape[]];
  const single = {
    api: await apiRun(context, apiSingle, postOne),
    raw: await rawRun(context, rawSingle, (event) => insertEventRows(pool, [eventRow(event)])),
  };
  const batch = {
    api: await apiRun(context, batches(apiBatch), postMany),
    raw: await rawRun(context, batches(rawBatch), (events) =>
      insertEventRows(pool, events.map(eventRow)),
    ),
  };
  const proofs = [
    `single API: ${await proveNoLoss(pool, apiSingle)}`,
    `batched API: ${await proveNoLoss(pool, apiBatch)}`,
    `raw single: ${await proveNoLoss(pool, rawSingle)}`,
    `raw batched: ${await proveNoLoss(pool, rawBatch)}`,
    `projector queue after the runs: ${await queued(pool)} events`,
  ];
  return {
    measure: "ingestion",
    title: "OpenLineage ingestion (API vs raw INSERT of the same event rows)",
    database: context.database.target,
    rows: [
      rateRow(`single: ${singles} events, 1 per request`, singles, single.api, single.raw),
      rateRow(`batched: ${batched} events, ${BATCH} per request`, batched, batch.api, batch.raw),
      endToEndRow(
        `single, stored and projected (${single.api.queuedAtEnd} queued at the last answer)`,
        singles,
        single.api.endToEndSeconds,
        single.raw,
      ),
      endToEndRow(
        `batched, stored and projected (${batch.api.queuedAtEnd} queued at the last answer)`,
        batched,
        batch.api.endToEndSeconds,
        batch.raw,
      ),
    ],
    notes: [
      "Latencies are per request (per event when single, per 100 when batched); rates are events over the summed request time, one request at a time.",
      "Both write the same lineage_events row (queued for projection). The API's projector derives nodes, edges, runs, dataset versions and SLA evaluations in the background while requests continue, as in the portal; 'stored and projected' rows divide the events by the wall time from the first request until the queue is empty (informational: the target is on acknowledged events).",
      ...proofs,
    ],
  };
}
