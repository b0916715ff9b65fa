/**
 * Measure 3: OpenLineage ingestion, sustained events/s. The API (POST /api/v1/lineage one event per
 * request, and POST /api/v1/lineage/batch 100 per request, through their handlers: key lookup, zod,
 * hashing, event row, graph upserts, SLA re-evaluation, one transaction) against raw INSERTs of the
 * same event rows through `pg` (one statement per event, and one multi-row statement per 100), each
 * on a fresh stream of run events of the generated jobs, sent one request at a time.
 * Zero loss: every hash sent is stored exactly once and every stored payload hashes back to it.
 */
import { createHash } from "node:crypto";
import type pg from "pg";
import * as batchRoute from "../../portal/app/api/v1/lineage/batch/route";
import * as singleRoute from "../../portal/app/api/v1/lineage/route";
import { eventHash } from "../../portal/server/lineage/ids";
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

export async function measureIngestion(context: MeasureContext): Promise<MeasureResult> {
  const { portal, pool, sampling } = context;
  const key = await portal.lineageKey(context.dataset.domains[0]?.slug ?? "");
  const singles = sampling.samples * 5;
  const batched = sampling.samples * 50;
  const warm = stream(context, 0, sampling.warmup * 2);
  for (const event of warm)
    await portal.call(singleRoute.POST, "POST", "/api/v1/lineage", { body: event, bearer: key });
  const [apiSingle, rawSingle, apiBatch, rawBatch] = [1, 2, 3, 4].map((offset) =>
    stream(context, offset, offset <= 2 ? singles : batched),
  ) as [RunEventShape[], RunEventShape[], RunEventShape[], RunEventShape[]];
  const single = {
    api: await run(apiSingle, (event) =>
      portal.call(singleRoute.POST, "POST", "/api/v1/lineage", { body: event, bearer: key }),
    ),
    raw: await run(rawSingle, (event) => insertEventRows(pool, [eventRow(event)])),
  };
  const batch = {
    api: await run(batches(apiBatch), (events) =>
      portal.call(batchRoute.POST, "POST", "/api/v1/lineage/batch", { body: events, bearer: key }),
    ),
    raw: await run(batches(rawBatch), (events) => insertEventRows(pool, events.map(eventRow))),
  };
  const proofs = [
    `single API: ${await proveNoLoss(pool, apiSingle)}`,
    `batched API: ${await proveNoLoss(pool, apiBatch)}`,
    `raw single: ${await proveNoLoss(pool, rawSingle)}`,
    `raw batched: ${await proveNoLoss(pool, rawBatch)}`,
  ];
  return {
    measure: "ingestion",
    title: "OpenLineage ingestion (API vs raw INSERT of the same event rows)",
    database: context.database.target,
    rows: [
      rateRow(`single: ${singles} events, 1 per request`, singles, single.api, single.raw),
      rateRow(`batched: ${batched} events, ${BATCH} per request`, batched, batch.api, batch.raw),
    ],
    notes: [
      "Latencies are per request (per event when single, per 100 when batched); rates are events over the summed request time, one request at a time.",
      "The raw baseline writes only the lineage_events row; the API also upserts nodes, edges and runs, writes dataset versions and re-evaluates SLAs in the same transaction.",
      ...proofs,
    ],
  };
}
