import "server-only";
/**
 * OpenLineage events in two steps. `storeEvents` writes each event once (its hash is unique) and is
 * all a producer waits for. `projectEvents` derives the graph rows (nodes, edges, runs, dataset
 * versions, column lineage, product links) from stored events; the projector (projector.ts) runs it
 * after the response. Each is a handful of set-based statements whatever the batch size (rows travel
 * as one JSON parameter and are expanded with jsonb_to_recordset), inside the caller's transaction.
 */
import type { OpenLineageEvent } from "../../shared/lineage/openlineage";
import type { Db } from "#db/client";
import { mayDescribeNodeSql } from "../authz";
import { eventHash, uuidv7 } from "#workflow/ids";
import { insertLineageEvents, type StorableEvent } from "#workflow/lineage-events";
import { linkNewDatasets } from "./linking";
import { noteStored } from "./queue-watch";
import { normaliseEvents, nodeKey, type LineageRows, type NodeRef } from "./normalise";

export interface StoreResult {
  received: number;
  stored: number;
  duplicates: number;
}

interface Hashed {
  hash: string;
  item: OpenLineageEvent;
}

function json(value: unknown): string {
  return JSON.stringify(value);
}

function storable({ hash, item }: Hashed): StorableEvent {
  return {
    hash,
    kind: item.kind,
    eventType: item.kind === "run" ? (item.event.eventType ?? null) : null,
    runId: item.kind === "run" ? item.event.run.runId : null,
    eventTime: item.event.eventTime,
    producer: item.event.producer,
    payload: item.event,
  };
}

/** Sorted so concurrent batches lock rows in the same order. */
function sortedValues<T>(map: Map<string, T>): T[] {
  return [...map.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, v]) => v);
}

/** Whether the writer (`$2`, the key's domain) may describe node `n`: its facets, a job's runs. */
const MAY_DESCRIBE = mayDescribeNodeSql("$2::text", "n");

/**
 * New nodes are inserted; existing ones are only rewritten when the events bring facets or their
 * last-seen time is an hour stale, so a steady stream of events about known jobs and datasets
 * does not rewrite (and re-index) the same rows on every event. One statement: the data-modifying
 * CTEs share a snapshot, so the final SELECT sees the existing rows and `ins` the new ones (and
 * PostgreSQL runs `upd` to completion although nothing reads it).
 */
async function upsertNodes(db: Db, rows: LineageRows, domain: string | null) {
  const nodes = sortedValues(rows.nodes);
  const result = await db.$queryRawUnsafe<(NodeRef & { id: number; inserted: boolean })[]>(
    `WITH input AS (
       SELECT * FROM jsonb_to_recordset($1::jsonb)
         AS r(kind text, namespace text, name text, facets jsonb, at timestamptz)
     ),
     ins AS (
       INSERT INTO lineage_nodes (kind, namespace, name, facets, domain, first_seen_at, last_seen_at)
       SELECT kind, namespace, name, facets, $2, at, at FROM input
       ON CONFLICT (kind, namespace, name) DO NOTHING
       RETURNING id, kind, namespace, name
     ),
     upd AS (
       UPDATE lineage_nodes n
       SET facets = CASE WHEN ${MAY_DESCRIBE} THEN n.facets || i.facets ELSE n.facets END,
         last_seen_at = GREATEST(n.last_seen_at, i.at)
       FROM input i
       WHERE n.kind = i.kind AND n.namespace = i.namespace AND n.name = i.name
         AND (i.facets <> '{}'::jsonb OR n.last_seen_at < i.at - interval '1 hour')
       RETURNING n.id
     )
     SELECT id, kind, namespace, name, true AS inserted FROM ins
     UNION ALL
     SELECT n.id, n.kind, n.namespace, n.name, false AS inserted
     FROM lineage_nodes n JOIN input i ON n.kind = i.kind AND n.namespace = i.namespace AND n.name = i.name`,
    json(nodes),
    domain,
  );
  return {
    ids: new Map(result.map((row) => [nodeKey(row), row.id])),
    inserted: result.filter((row) => row.inserted && row.kind === "dataset"),
  };
}

function idOf(ids: Map<string, number>, key: string): number {
  const id = ids.get(key);
  if (id === undefined)
    throw new Error(`lineage node ${key.replaceAll("\u0000", ":")} was not stored`);
  return id;
}

/** The domains an edge records as its reporters: the key's, or none for an unknown key. */
function reporters(domain: string | null): string[] {
  return domain === null ? [] : [domain];
}

/**
 * New edges are inserted with their reporter; known ones are rewritten when their last-seen time
 * is an hour stale or a domain reports them for the first time (observed inputs count an edge
 * for a product only when the product's own domain reported it).
 */
async function upsertEdges(
  db: Db,
  rows: LineageRows,
  ids: Map<string, number>,
  domain: string | null,
) {
  if (rows.edges.size === 0) return;
  const edges = sortedValues(rows.edges).map((edge) => ({
    s: idOf(ids, edge.source),
    t: idOf(ids, edge.target),
    k: edge.kind,
    at: edge.at,
  }));
  await db.$executeRawUnsafe(
    `INSERT INTO lineage_edges (source_id, target_id, kind, first_seen_at, last_seen_at, domains)
     SELECT r.s, r.t, r.k, r.at, r.at, $2::text[]
     FROM jsonb_to_recordset($1::jsonb) AS r(s int, t int, k text, at timestamptz)
     ON CONFLICT (source_id, target_id, kind) DO UPDATE
       SET last_seen_at = GREATEST(lineage_edges.last_seen_at, excluded.last_seen_at),
           domains = ARRAY(SELECT DISTINCT d FROM unnest(lineage_edges.domains || excluded.domains) AS d ORDER BY d)
       WHERE lineage_edges.last_seen_at < excluded.last_seen_at - interval '1 hour'
          OR NOT excluded.domains <@ lineage_edges.domains`,
    json(edges),
    reporters(domain),
  );
}

/**
 * A run is its job's, and a job's runs are its domain's to report (authz.ts `mayDescribeNodeSql`):
 * another domain's key neither adds runs to it nor, borrowing a run id it read off the runs API
 * for an event of its own job, changes one. The events themselves stay stored.
 */
async function upsertRuns(
  db: Db,
  rows: LineageRows,
  ids: Map<string, number>,
  domain: string | null,
) {
  if (rows.runs.size === 0) return;
  const runs = sortedValues(rows.runs).map((run) => ({ ...run, job: idOf(ids, run.job) }));
  await db.$executeRawUnsafe(
    `INSERT INTO lineage_runs (run_id, job_id, state, started_at, ended_at, last_event_time, facets)
     SELECT r."runId", r.job, r.state, r."startedAt", r."endedAt", r."lastEventTime", r.facets
     FROM jsonb_to_recordset($1::jsonb) AS r("runId" text, job int, state text, "startedAt" timestamptz,
       "endedAt" timestamptz, "lastEventTime" timestamptz, facets jsonb)
     JOIN lineage_nodes n ON n.id = r.job
     WHERE ${MAY_DESCRIBE}
     ON CONFLICT (run_id) DO UPDATE SET
       state = CASE WHEN excluded.last_event_time >= lineage_runs.last_event_time
                    THEN excluded.state ELSE lineage_runs.state END,
       started_at = LEAST(lineage_runs.started_at, excluded.started_at),
       ended_at = GREATEST(lineage_runs.ended_at, excluded.ended_at),
       last_event_time = GREATEST(lineage_runs.last_event_time, excluded.last_event_time),
       facets = lineage_runs.facets || excluded.facets
     WHERE lineage_runs.job_id = excluded.job_id`,
    json(runs),
    domain,
  );
}

/** Dataset versions with their writer: whether they count for a product is decided on reading. */
async function insertVersions(
  db: Db,
  rows: LineageRows,
  ids: Map<string, number>,
  domain: string | null,
) {
  if (rows.versions.length === 0) return;
  const versions = rows.versions.map((version) => ({
    ...version,
    id: uuidv7(),
    dataset: idOf(ids, version.dataset),
  }));
  await db.$executeRawUnsafe(
    `INSERT INTO dataset_versions (id, dataset_id, run_id, role, event_type, version, facets, has_quality, at, writer_domain)
     SELECT r.id, r.dataset, r."runId", r.role, r."eventType", r.version, r.facets, r."hasQuality", r.at, $2
     FROM jsonb_to_recordset($1::jsonb) AS r(id text, dataset int, "runId" text, role text,
       "eventType" text, version text, facets jsonb, "hasQuality" boolean, at timestamptz)`,
    json(versions),
    domain,
  );
}

async function upsertColumns(db: Db, rows: LineageRows, ids: Map<string, number>) {
  if (rows.columns.size === 0) return;
  const columns = sortedValues(rows.columns).map((column) => ({
    ...column,
    target: idOf(ids, column.target),
    source: idOf(ids, column.source),
  }));
  await db.$executeRawUnsafe(
    `INSERT INTO column_lineage (target_id, target_field, source_id, source_field, transformation, last_seen_at)
     SELECT r.target, r."targetField", r.source, r."sourceField", r.transformation, r.at
     FROM jsonb_to_recordset($1::jsonb) AS r(target int, "targetField" text, source int,
       "sourceField" text, transformation jsonb, at timestamptz)
     ON CONFLICT (target_id, target_field, source_id, source_field) DO UPDATE
       SET transformation = excluded.transformation,
           last_seen_at = GREATEST(column_lineage.last_seen_at, excluded.last_seen_at)`,
    json(columns),
  );
}

/** The facet's dataset-wide entries: the newest transformation of each input field wins. */
async function upsertDatasetWide(db: Db, rows: LineageRows, ids: Map<string, number>) {
  if (rows.datasetWide.size === 0) return;
  const entries = sortedValues(rows.datasetWide).map((entry) => ({
    ...entry,
    target: idOf(ids, entry.target),
    source: idOf(ids, entry.source),
  }));
  await db.$executeRawUnsafe(
    `INSERT INTO column_lineage_dataset (target_id, source_id, source_field, transformation, last_seen_at)
     SELECT r.target, r.source, r."sourceField", r.transformation, r.at
     FROM jsonb_to_recordset($1::jsonb) AS r(target int, source int, "sourceField" text,
       transformation jsonb, at timestamptz)
     ON CONFLICT (target_id, source_id, source_field) DO UPDATE
       SET transformation = excluded.transformation,
           last_seen_at = GREATEST(column_lineage_dataset.last_seen_at, excluded.last_seen_at)`,
    json(entries),
  );
}

/** Stores the events not stored before; the projector derives the graph from them later. */
export async function storeEvents(
  db: Db,
  events: readonly OpenLineageEvent[],
  apiKeyId: string | null,
): Promise<StoreResult> {
  const unique = new Map<string, Hashed>();
  for (const item of events) {
    const hash = eventHash(item.event);
    if (!unique.has(hash)) unique.set(hash, { hash, item });
  }
  const stored = await insertLineageEvents(db, [...unique.values()].map(storable), apiKeyId);
  if (stored.size > 0) noteStored();
  return {
    received: events.length,
    stored: stored.size,
    duplicates: events.length - stored.size,
  };
}

/**
 * Derives the graph rows of stored events, attributed to `domain` (the domain of the key that
 * sent them): new nodes, the edges it reports and the dataset versions it writes. Returns the ids
 * of the datasets whose freshness or quality the events may have changed.
 */
export async function projectEvents(
  db: Db,
  events: readonly OpenLineageEvent[],
  domain: string | null,
): Promise<number[]> {
  if (events.length === 0) return [];
  const rows = normaliseEvents(events);
  const { ids, inserted } = await upsertNodes(db, rows, domain);
  await upsertEdges(db, rows, ids, domain);
  await upsertRuns(db, rows, ids, domain);
  await insertVersions(db, rows, ids, domain);
  await upsertColumns(db, rows, ids);
  await upsertDatasetWide(db, rows, ids);
  await linkNewDatasets(db, inserted);
  const touched = new Set(rows.versions.map((version) => idOf(ids, version.dataset)));
  return [...touched].sort((a, b) => a - b);
}
