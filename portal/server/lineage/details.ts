import "server-only";
/**
 * The job and dataset pages' reads (and their API): a job's facets, inputs, outputs and run
 * history; a dataset's facets, columns, producers and consumers. Everything here was stored by
 * the projector (lineage_nodes.facets, lineage_runs, lineage_edges, column_lineage); facets are
 * read through shared/lineage/facets.ts, so a malformed facet is left out instead of failing.
 */
import type { Db } from "#db/client";
import {
  datasetFacetsView,
  jobFacetsView,
  runDurationMs,
  runFacetsView,
} from "../../shared/lineage/facets";
import type {
  LineageDataset,
  LineageJob,
  LineageRun,
  LineageRunPage,
} from "../../shared/lineage/api-schemas";
import type { RunEventType } from "../../shared/lineage/openlineage";
import type { ProductScope } from "../authz";
import { NotFoundError } from "../problems";
import { caughtUp } from "./projector";
import { describeNodeProduct } from "./traversal";

type Kind = "job" | "dataset";

async function nodeOrThrow(db: Db, kind: Kind, namespace: string, name: string) {
  const node = await db.lineageNode.findUnique({
    where: { kind_namespace_name: { kind, namespace, name } },
  });
  if (node === null) throw new NotFoundError(`no ${kind} ${namespace}:${name} has been reported`);
  return node;
}

/** A stored facet map (a JSON object by construction; anything else reads as no facets). */
function facetMap(value: unknown): Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

interface RunRow {
  runId: string;
  state: string;
  startedAt: Date | null;
  endedAt: Date | null;
  lastEventTime: Date;
  facets: unknown;
}

function runView(run: RunRow): LineageRun {
  const startedAt = run.startedAt?.toISOString() ?? null;
  const endedAt = run.endedAt?.toISOString() ?? null;
  return {
    runId: run.runId,
    state: run.state,
    startedAt,
    endedAt,
    durationMs: runDurationMs(startedAt, endedAt),
    lastEventTime: run.lastEventTime.toISOString(),
    ...runFacetsView(facetMap(run.facets)),
  };
}

/** The datasets on the other end of a node's `kind` edges, by name. */
async function neighbours(db: Db, id: number, kind: "reads" | "writes", side: "source" | "target") {
  const edges = await db.lineageEdge.findMany({
    where: side === "source" ? { targetId: id, kind } : { sourceId: id, kind },
    select: { sourceId: true, targetId: true },
  });
  const ids = edges.map((edge) => (side === "source" ? edge.sourceId : edge.targetId));
  const nodes = await db.lineageNode.findMany({
    where: { id: { in: ids } },
    select: { namespace: true, name: true },
    orderBy: [{ namespace: "asc" }, { name: "asc" }],
  });
  return nodes;
}

const RUN_ORDER = [{ lastEventTime: "desc" }, { runId: "desc" }] as const;

export async function lineageJob(db: Db, namespace: string, name: string): Promise<LineageJob> {
  await caughtUp(db);
  const job = await nodeOrThrow(db, "job", namespace, name);
  const [inputs, outputs, latest] = await Promise.all([
    neighbours(db, job.id, "reads", "source"),
    neighbours(db, job.id, "writes", "target"),
    db.lineageRun.findFirst({ where: { jobId: job.id }, orderBy: [...RUN_ORDER] }),
  ]);
  return {
    namespace: job.namespace,
    name: job.name,
    domain: job.domain,
    firstSeenAt: job.firstSeenAt.toISOString(),
    lastSeenAt: job.lastSeenAt.toISOString(),
    facets: jobFacetsView(facetMap(job.facets)),
    inputs,
    outputs,
    latestRun: latest === null ? null : runView(latest),
  };
}

/** A job's runs, newest event first, a page at a time (served by the (job_id, time) index). */
export async function lineageRuns(
  db: Db,
  namespace: string,
  name: string,
  query: { page: number; pageSize: number; state?: RunEventType | undefined },
): Promise<LineageRunPage> {
  await caughtUp(db);
  const job = await nodeOrThrow(db, "job", namespace, name);
  const where = { jobId: job.id, ...(query.state !== undefined && { state: query.state }) };
  const [runs, total] = await Promise.all([
    db.lineageRun.findMany({
      where,
      orderBy: [...RUN_ORDER],
      skip: (query.page - 1) * query.pageSize,
      take: query.pageSize,
    }),
    db.lineageRun.count({ where }),
  ]);
  return {
    items: runs.map(runView),
    pagination: { page: query.page, pageSize: query.pageSize, total },
  };
}

/** The fields column lineage names for a dataset, as output or as input. */
async function lineageFields(db: Db, id: number): Promise<string[]> {
  const rows = await db.$queryRawUnsafe<{ field: string }[]>(
    `SELECT target_field AS field FROM column_lineage WHERE target_id = $1
     UNION SELECT source_field FROM column_lineage WHERE source_id = $1
     UNION SELECT source_field FROM column_lineage_dataset WHERE source_id = $1`,
    id,
  );
  return rows.map((row) => row.field);
}

export async function lineageDataset(
  db: Db,
  scope: ProductScope,
  namespace: string,
  name: string,
): Promise<LineageDataset> {
  await caughtUp(db);
  const node = await nodeOrThrow(db, "dataset", namespace, name);
  const id = node.id;
  const [product, fields, producers, consumers, lastWrite] = await Promise.all([
    describeNodeProduct(db, scope, id),
    lineageFields(db, id),
    neighbours(db, id, "writes", "source"),
    neighbours(db, id, "reads", "target"),
    db.datasetVersion.findFirst({
      where: { datasetId: id, role: "output", eventType: "COMPLETE" },
      orderBy: { at: "desc" },
      select: { at: true },
    }),
  ]);
  const facets = datasetFacetsView(facetMap(node.facets));
  const columns = [...new Set([...facets.schema.map((field) => field.name), ...fields])].sort();
  return {
    namespace: node.namespace,
    name: node.name,
    product,
    firstSeenAt: node.firstSeenAt.toISOString(),
    lastSeenAt: node.lastSeenAt.toISOString(),
    facets,
    columns,
    producers,
    consumers,
    lastWrite: lastWrite?.at.toISOString() ?? null,
  };
}
