import "server-only";
/**
 * The lineage projector: derives the graph, runs, dataset versions and SLA evaluations from stored
 * OpenLineage events after the producer has had its answer, so that ingesting an event costs the
 * producer one row. Events wait in `lineage_events` with `projected_at` null (a partial index is
 * the queue); a batch is projected, marked and its products' SLAs recorded in one transaction, so
 * a crash leaves the batch to be projected again, never half-applied.
 *
 * One batch at a time: in this process callers wait for the running batch rather than start
 * another, and across portal instances an advisory lock serialises the batches. Reads of lineage
 * and SLAs call `caughtUp` first, so whatever was acknowledged before a read is in its answer.
 */
import { OpenLineageEventBody, type OpenLineageEvent } from "../../shared/lineage/openlineage";
import { db } from "../db";
import type { Database, Db } from "#db/client";
import { logError } from "../log";
import { now } from "./clock";
import { projectEvents } from "./ingest";
import { mayBeWaiting, noteCaughtUp, snapshot } from "./queue-watch";
import { recordSlaForDatasets } from "./sla";
import { deliverDue } from "./webhooks";

const BATCH_SIZE = 500;
/**
 * How long an ingestion lets others gather before they are projected together: the SLAs of a
 * product are evaluated once per batch, not once per event, which is most of the saving.
 */
const GATHER_MS = 100;
/** The advisory lock of lineage projection: any fixed number no other lock uses ("MPLP"). */
const LOCK_KEY = 0x4d504c50;

export interface ProjectionResult {
  /** Events projected. */
  projected: number;
  /** Products whose SLAs were re-evaluated. */
  evaluated: number;
}

interface PendingRow {
  id: string;
  payload: unknown;
  domain: string | null;
}

/** Events in the order they were stored, grouped by the domain of the key that sent them. */
function byDomain(rows: readonly PendingRow[]): Map<string | null, OpenLineageEvent[]> {
  const groups = new Map<string | null, OpenLineageEvent[]>();
  for (const row of rows) {
    // Validated when stored; a payload an evolved schema no longer accepts keeps its row but
    // adds nothing to the graph, rather than blocking the queue behind it.
    const parsed = OpenLineageEventBody.safeParse(row.payload);
    if (!parsed.success) {
      logError(`[lineage] stored event ${row.id} no longer parses; not projected`, parsed.error);
      continue;
    }
    const group = groups.get(row.domain) ?? [];
    group.push(parsed.data);
    groups.set(row.domain, group);
  }
  return groups;
}

async function projectBatch(db: Database): Promise<ProjectionResult> {
  return db.$transaction(
    async (tx) => {
      await tx.$executeRawUnsafe(`SELECT pg_advisory_xact_lock(${LOCK_KEY})`);
      const rows = await tx.$queryRawUnsafe<PendingRow[]>(
        `SELECT e.id, e.payload, k.domain FROM lineage_events e
         LEFT JOIN lineage_api_keys k ON k.id = e.api_key_id
         WHERE e.projected_at IS NULL ORDER BY e.id LIMIT ${BATCH_SIZE}`,
      );
      if (rows.length === 0) return { projected: 0, evaluated: 0 };
      const touched = new Set<number>();
      for (const [domain, events] of byDomain(rows)) {
        for (const id of await projectEvents(tx, events, domain)) touched.add(id);
      }
      const at = now();
      await tx.$executeRawUnsafe(
        "UPDATE lineage_events SET projected_at = $1 WHERE id = ANY($2::text[])",
        at,
        rows.map((row) => row.id),
      );
      const evaluated = await recordSlaForDatasets(tx, [...touched], at);
      return { projected: rows.length, evaluated };
    },
    { maxWait: 30_000, timeout: 120_000 },
  );
}

/** The batch running in this process, per client: callers wait for it instead of racing it. */
const running = new WeakMap<Database, Promise<ProjectionResult>>();

function sharedBatch(db: Database): Promise<ProjectionResult> {
  let batch = running.get(db);
  if (batch === undefined) {
    batch = projectBatch(db)
      .then((result) => {
        // New SLA evaluations may have made webhooks due: sent without holding up the waiters.
        if (result.evaluated > 0)
          deliverDue(db).catch((error: unknown) => {
            logError("[lineage] webhook delivery after projection failed", error);
          });
        return result;
      })
      .finally(() => running.delete(db));
    running.set(db, batch);
  }
  return batch;
}

/** The newest event waiting now: a caller needs everything up to it projected, no more. */
async function newestWaiting(db: Database): Promise<string | undefined> {
  const [row] = await db.$queryRawUnsafe<{ id: string | null }[]>(
    "SELECT max(id) AS id FROM lineage_events WHERE projected_at IS NULL",
  );
  return row?.id ?? undefined;
}

async function stillWaiting(db: Database, upTo: string): Promise<boolean> {
  const [row] = await db.$queryRawUnsafe<{ waiting: boolean }[]>(
    "SELECT EXISTS (SELECT 1 FROM lineage_events WHERE projected_at IS NULL AND id <= $1) AS waiting",
    upTo,
  );
  return row?.waiting === true;
}

/**
 * Projects every event stored before the call, batch by batch (oldest first), sharing batches
 * with other callers. Bounded by what waited at the call, so a read never waits on events that
 * arrive after it started, however fast they come.
 */
export async function projectPending(db: Database): Promise<ProjectionResult> {
  const total: ProjectionResult = { projected: 0, evaluated: 0 };
  const upTo = await newestWaiting(db);
  if (upTo === undefined) return total;
  while (await stillWaiting(db, upTo)) {
    const batch = await sharedBatch(db);
    total.projected += batch.projected;
    total.evaluated += batch.evaluated;
  }
  return total;
}

const scheduled = new WeakMap<Database, NodeJS.Timeout>();

/** After an ingestion: projects within GATHER_MS, with whatever else arrives meanwhile. */
export function projectSoon(db: Database): void {
  if (scheduled.has(db)) return;
  const timer = setTimeout(() => {
    scheduled.delete(db);
    projectPending(db).catch((error: unknown) => {
      logError("[lineage] projection failed; its events stay queued for the next one", error);
    });
  }, GATHER_MS);
  timer.unref();
  scheduled.set(db, timer);
}

/** An ingestion route's follow-up when it stored events: their projection, after the answer. */
export function projectionAfter(stored: number): { after?: () => void } {
  if (stored === 0) return {};
  return {
    after: () => {
      projectSoon(db());
    },
  };
}

/** Projects now instead of at the scheduled time: before closing the client (tests, shutdown). */
export function projectNow(db: Database): Promise<ProjectionResult> {
  clearTimeout(scheduled.get(db));
  scheduled.delete(db);
  return projectPending(db);
}

function isClient(db: Db): db is Database {
  return "$transaction" in db;
}

/**
 * Before a read of lineage or SLAs: project what was queued when the read began. Skips the
 * database when this process stored nothing since it last caught up and asked it less than
 * REMOTE_CHECK_MS ago (queue-watch.ts).
 */
export async function caughtUp(db: Db): Promise<void> {
  if (!isClient(db))
    throw new Error("lineage reads catch up with the projector outside a transaction");
  if (!mayBeWaiting(db)) return;
  const since = snapshot();
  await projectPending(db);
  noteCaughtUp(db, since);
}
