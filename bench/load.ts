/**
 * Bulk loading of the generated data straight through `pg`, bypassing the API on purpose: the
 * benchmark needs 10,000 products and a million events in minutes, and the API's per-request
 * validation, auth and audit (what the measures time) would make loading take hours and measure
 * nothing. Rows go as one array parameter per column, expanded with `unnest` (a multi-row INSERT
 * that PGlite and PostgreSQL both accept; `pg` has no COPY FROM STDIN without another dependency).
 * The rows are the ones the app writes: the catalog-search trigger fills `search` as for any insert.
 */
import type pg from "pg";
import type { DataProductSpec } from "#contract";
import { eventHash, uuidv7 } from "#workflow/ids";
import type { GeneratedDomain } from "./generate/specs";
import { runEvent, type LineageGraph, type RunEventShape } from "./generate/lineage";

interface Column {
  name: string;
  /** SQL turning `$n` (one element of a text[] parameter) into the column's value. */
  cast: (value: string) => string;
}

const as =
  (type: string) =>
  (value: string): string =>
    `${value}::${type}`;
const textArray = (value: string): string =>
  `ARRAY(SELECT jsonb_array_elements_text(${value}::jsonb))`;

type Cell = string | number | null;

export async function insertRows(
  client: pg.ClientBase | pg.Pool,
  table: string,
  columns: readonly Column[],
  rows: readonly Cell[][],
): Promise<void> {
  if (rows.length === 0) return;
  const params = columns.map((_, c) => rows.map((row) => cellText(row[c] ?? null)));
  const names = columns.map((column, c) => `c${c}`);
  const select = columns.map((column, c) => column.cast(`t.${names[c] ?? ""}`));
  await client.query(
    `INSERT INTO ${table} (${columns.map((column) => `"${column.name}"`).join(", ")})
     SELECT ${select.join(", ")}
     FROM unnest(${columns.map((_, c) => `$${c + 1}::text[]`).join(", ")}) AS t(${names.join(", ")})`,
    params,
  );
}

function cellText(cell: Cell): string | null {
  return cell === null ? null : String(cell);
}

async function inChunks<T>(
  items: readonly T[],
  size: number,
  insert: (chunk: readonly T[]) => Promise<void>,
): Promise<void> {
  for (let start = 0; start < items.length; start += size)
    await insert(items.slice(start, start + size));
}

const text = as("text");
const ts = as("timestamptz");

export async function loadDomains(client: pg.ClientBase, domains: readonly GeneratedDomain[]) {
  const columns = ["id", "slug", "name", "description", "updated_at"].map((name) => ({
    name,
    cast: name === "updated_at" ? ts : text,
  }));
  const now = new Date().toISOString();
  await insertRows(
    client,
    "domains",
    columns,
    domains.map((d) => [uuidv7(), d.slug, d.name, d.description, now]),
  );
}

const PRODUCT_COLUMNS: Column[] = [
  { name: "id", cast: text },
  { name: "domain", cast: text },
  { name: "name", cast: text },
  { name: "display_name", cast: text },
  { name: "description", cast: text },
  { name: "tier", cast: as('"tier"') },
  { name: "classification", cast: as('"classification"') },
  { name: "cloud", cast: as('"cloud"') },
  { name: "region", cast: text },
  { name: "owner_team", cast: text },
  { name: "owner_emails", cast: textArray },
  { name: "inputs", cast: textArray },
  { name: "tags", cast: as("jsonb") },
  { name: "spec", cast: as("jsonb") },
  { name: "status", cast: as('"product_status"') },
  { name: "created_at", cast: ts },
  { name: "updated_at", cast: ts },
];

function productRow(spec: DataProductSpec, id: string, index: number): Cell[] {
  const at = new Date(Date.UTC(2026, 0, 1) + index * 60_000).toISOString();
  return [
    id,
    spec.domain,
    spec.name,
    spec.displayName,
    spec.description,
    spec.tier,
    spec.classification,
    spec.target.cloud,
    spec.target.region,
    spec.owners.team,
    JSON.stringify(spec.owners.emails),
    JSON.stringify(spec.inputs),
    JSON.stringify(spec.tags),
    JSON.stringify(spec),
    "live",
    at,
    at,
  ];
}

/** Inserts the products as live catalog entries; returns their ids in spec order. */
export async function loadProducts(
  client: pg.ClientBase,
  specs: readonly DataProductSpec[],
): Promise<string[]> {
  const ids = specs.map(() => uuidv7());
  const rows = specs.map((spec, index) => productRow(spec, ids[index] ?? "", index));
  await inChunks(rows, 1000, (chunk) =>
    insertRows(client, "data_products", PRODUCT_COLUMNS, [...chunk]),
  );
  return ids;
}

const int = as("int");

/** Nodes get ids 1..n in graph order (datasets, then jobs); each product is linked to its dataset. */
export async function loadGraph(
  client: pg.ClientBase,
  graph: LineageGraph,
  productIds: readonly string[],
): Promise<void> {
  const nodes = [
    ...graph.datasets.map((node) => ["dataset", node] as const),
    ...graph.jobs.map((node) => ["job", node] as const),
  ].map(([kind, node], index) => ({ id: index + 1, kind, node }));
  const nodeColumns = ["id", "kind", "namespace", "name", "domain"].map((name) => ({
    name,
    cast: name === "id" ? int : text,
  }));
  const domainOf = (namespace: string) => namespace.replace(/^[a-z]+:\/\//, "");
  await inChunks(nodes, 5000, (chunk) =>
    insertRows(
      client,
      "lineage_nodes",
      nodeColumns,
      chunk.map(({ id, kind, node }) => [
        id,
        kind,
        node.namespace,
        node.name,
        domainOf(node.namespace),
      ]),
    ),
  );
  await client.query(
    `SELECT setval(pg_get_serial_sequence('lineage_nodes', 'id'), (SELECT max(id) FROM lineage_nodes))`,
  );
  const edgeColumns = ["source_id", "target_id", "kind"].map((name) => ({
    name,
    cast: name === "kind" ? text : int,
  }));
  await inChunks(graph.edges, 10_000, (chunk) =>
    insertRows(
      client,
      "lineage_edges",
      edgeColumns,
      chunk.map((edge) => [edge.source + 1, edge.target + 1, edge.kind]),
    ),
  );
  const linkColumns = ["dataset_id", "product_id", "source"].map((name) => ({
    name,
    cast: name === "dataset_id" ? int : text,
  }));
  await insertRows(
    client,
    "dataset_product_links",
    linkColumns,
    productIds.map((id, index) => [index + 1, id, "automatic"]),
  );
}

const EVENT_COLUMNS: Column[] = [
  { name: "id", cast: text },
  { name: "hash", cast: text },
  { name: "kind", cast: text },
  { name: "event_type", cast: text },
  { name: "event_time", cast: ts },
  { name: "run_id", cast: text },
  { name: "producer", cast: text },
  { name: "payload", cast: as("jsonb") },
];

const PROJECTED_EVENT_COLUMNS: Column[] = [...EVENT_COLUMNS, { name: "projected_at", cast: ts }];

const RUN_COLUMNS: Column[] = [
  { name: "run_id", cast: text },
  { name: "job_id", cast: int },
  { name: "state", cast: text },
  { name: "started_at", cast: ts },
  { name: "ended_at", cast: ts },
  { name: "last_event_time", cast: ts },
];

/** The history's run events (stored as the ingestion stores them, hash and all) and their runs. */
export async function loadEvents(
  client: pg.ClientBase,
  graph: LineageGraph,
  seed: number,
  count: number,
  progress: (done: number) => void,
): Promise<void> {
  const jobIds = new Map(
    graph.jobs.map((job, j) => [
      `${job.namespace}\u0000${job.name}`,
      graph.datasets.length + j + 1,
    ]),
  );
  // The graph the events describe is loaded by loadGraph, so they are stored as already projected.
  const loadedAt = new Date().toISOString();
  const chunk = 10_000; // even, so a run's START and COMPLETE land in one chunk
  for (let start = 0; start < count; start += chunk) {
    const events: Cell[][] = [];
    const runs = new Map<string, Cell[]>();
    for (let index = start; index < Math.min(count, start + chunk); index += 1) {
      const event = runEvent(graph, seed, index);
      events.push([...eventRow(event), loadedAt]);
      const job = jobIds.get(`${event.job.namespace}\u0000${event.job.name}`) ?? 0;
      const started = runs.get(event.run.runId)?.[3] ?? event.eventTime;
      const ended = event.eventType === "COMPLETE" ? event.eventTime : null;
      runs.set(event.run.runId, [
        event.run.runId,
        job,
        event.eventType,
        started,
        ended,
        event.eventTime,
      ]);
    }
    await insertRows(client, "lineage_events", PROJECTED_EVENT_COLUMNS, events);
    await insertRows(client, "lineage_runs", RUN_COLUMNS, [...runs.values()]);
    progress(Math.min(count, start + chunk));
  }
}

/**
 * A run event as the ingestion stores it: id, hash, kind, type, time, run, producer, payload (and
 * `projected_at` null: queued for the projector, as the API leaves it).
 */
export function eventRow(event: RunEventShape): Cell[] {
  return [
    uuidv7(),
    eventHash(event),
    "run",
    event.eventType,
    event.eventTime,
    event.run.runId,
    event.producer,
    JSON.stringify(event),
  ];
}

export function insertEventRows(client: pg.ClientBase | pg.Pool, rows: readonly Cell[][]) {
  return insertRows(client, "lineage_events", EVENT_COLUMNS, rows);
}
