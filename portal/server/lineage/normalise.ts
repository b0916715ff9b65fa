/**
 * OpenLineage events → the rows of the lineage tables, deduplicated and merged so that each row is
 * written once per batch (PostgreSQL refuses to upsert one row twice in a statement). Pure.
 */
import type {
  ColumnLineageFacet,
  InputDataset,
  OpenLineageEvent,
  OutputDataset,
  RunEventType,
} from "../../shared/lineage/openlineage";

export type NodeKind = "job" | "dataset";
export type EdgeKind = "reads" | "writes" | "derives";

export interface NodeRef {
  kind: NodeKind;
  namespace: string;
  name: string;
}

export interface NodeRow extends NodeRef {
  facets: Record<string, unknown>;
  at: string;
}

export interface EdgeRow {
  source: string;
  target: string;
  kind: EdgeKind;
  at: string;
}

export interface RunRow {
  runId: string;
  job: string;
  state: string;
  startedAt: string | null;
  endedAt: string | null;
  lastEventTime: string;
  facets: Record<string, unknown>;
}

export interface VersionRow {
  dataset: string;
  runId: string | null;
  role: "input" | "output" | "static";
  eventType: string | null;
  version: string | null;
  facets: Record<string, unknown>;
  hasQuality: boolean;
  at: string;
}

export interface ColumnRow {
  target: string;
  targetField: string;
  source: string;
  sourceField: string;
  transformation: unknown;
  at: string;
}

/** An input field that affects every column of `target` (the facet's `dataset` entries). */
export interface DatasetWideRow {
  target: string;
  source: string;
  sourceField: string;
  transformation: unknown;
  at: string;
}

export interface LineageRows {
  nodes: Map<string, NodeRow>;
  edges: Map<string, EdgeRow>;
  runs: Map<string, RunRow>;
  versions: VersionRow[];
  columns: Map<string, ColumnRow>;
  datasetWide: Map<string, DatasetWideRow>;
}

export function nodeKey(ref: NodeRef): string {
  return `${ref.kind}\u0000${ref.namespace}\u0000${ref.name}`;
}

export function parseNodeKey(key: string): NodeRef {
  const [kind = "", namespace = "", name = ""] = key.split("\u0000");
  return { kind: kind === "job" ? "job" : "dataset", namespace, name };
}

const TERMINAL = new Set<string>(["COMPLETE", "FAIL", "ABORT"]);
const QUALITY_FACETS = ["dataQualityAssertions", "dataQualityMetrics"];

function later(a: string, b: string): string {
  return Date.parse(a) >= Date.parse(b) ? a : b;
}

function earlier(a: string | null, b: string | null): string | null {
  if (a === null) return b;
  if (b === null) return a;
  return Date.parse(a) <= Date.parse(b) ? a : b;
}

function addNode(rows: LineageRows, ref: NodeRef, facets: object | undefined, at: string): string {
  const key = nodeKey(ref);
  const existing = rows.nodes.get(key);
  rows.nodes.set(key, {
    ...ref,
    facets: { ...existing?.facets, ...facets },
    at: existing === undefined ? at : later(existing.at, at),
  });
  return key;
}

function addEdge(rows: LineageRows, source: string, target: string, kind: EdgeKind, at: string) {
  const key = `${source}\u0001${target}\u0001${kind}`;
  const existing = rows.edges.get(key);
  rows.edges.set(key, { source, target, kind, at: existing ? later(existing.at, at) : at });
}

type Facets = Record<string, unknown> | undefined;

function datasetFacets(dataset: InputDataset | OutputDataset): Record<string, unknown> {
  const { facets, inputFacets, outputFacets } = dataset as {
    facets?: Facets;
    inputFacets?: Facets;
    outputFacets?: Facets;
  }; // loose objects: the role's own facet map is present on one of the two types only
  return { ...facets, ...inputFacets, ...outputFacets };
}

function versionOf(facets: Record<string, unknown>): string | null {
  const facet = facets.version;
  if (typeof facet !== "object" || facet === null || !("datasetVersion" in facet)) return null;
  return typeof facet.datasetVersion === "string" ? facet.datasetVersion : null;
}

function addColumns(
  rows: LineageRows,
  target: string,
  facets: Record<string, unknown>,
  at: string,
) {
  // Checked against ColumnLineageFacet when the event was accepted.
  const facet = facets.columnLineage as ColumnLineageFacet | undefined;
  for (const input of facet?.dataset ?? []) {
    const source = addNode(
      rows,
      { kind: "dataset", namespace: input.namespace, name: input.name },
      undefined,
      at,
    );
    rows.datasetWide.set(`${target}\u0001${source}\u0001${input.field}`, {
      target,
      source,
      sourceField: input.field,
      transformation: input.transformations ?? null,
      at,
    });
  }
  for (const [targetField, { inputFields }] of Object.entries(facet?.fields ?? {})) {
    for (const input of inputFields) {
      const source = addNode(
        rows,
        { kind: "dataset", namespace: input.namespace, name: input.name },
        undefined,
        at,
      );
      rows.columns.set(`${target}\u0001${targetField}\u0001${source}\u0001${input.field}`, {
        target,
        targetField,
        source,
        sourceField: input.field,
        transformation: input.transformations ?? null,
        at,
      });
    }
  }
}

interface RunContext {
  runId: string | null;
  eventType: RunEventType | null;
  at: string;
}

function addDatasets(
  rows: LineageRows,
  job: string,
  context: RunContext,
  inputs: readonly InputDataset[],
  outputs: readonly OutputDataset[],
): void {
  const recorded = (role: "input" | "output", dataset: InputDataset | OutputDataset) => {
    const facets = datasetFacets(dataset);
    const key = addNode(
      rows,
      { kind: "dataset", namespace: dataset.namespace, name: dataset.name },
      dataset.facets,
      context.at,
    );
    const hasQuality = QUALITY_FACETS.some((name) => facets[name] !== undefined);
    const written = role === "output" && context.eventType === "COMPLETE";
    if (hasQuality || written) {
      rows.versions.push({
        dataset: key,
        runId: context.runId,
        role,
        eventType: context.eventType,
        version: versionOf(facets),
        facets,
        hasQuality,
        at: context.at,
      });
    }
    if (role === "output") addColumns(rows, key, facets, context.at);
    return key;
  };
  const inputKeys = inputs.map((dataset) => recorded("input", dataset));
  const outputKeys = outputs.map((dataset) => recorded("output", dataset));
  for (const input of inputKeys) addEdge(rows, input, job, "reads", context.at);
  for (const output of outputKeys) addEdge(rows, job, output, "writes", context.at);
  for (const input of inputKeys) {
    for (const output of outputKeys) {
      if (input !== output) addEdge(rows, input, output, "derives", context.at);
    }
  }
}

function addRun(
  rows: LineageRows,
  job: string,
  runId: string,
  eventType: string,
  at: string,
  facets: object | undefined,
) {
  const existing = rows.runs.get(runId);
  const startedAt = eventType === "START" ? at : null;
  const endedAt = TERMINAL.has(eventType) ? at : null;
  if (existing === undefined) {
    rows.runs.set(runId, {
      runId,
      job,
      state: eventType,
      startedAt,
      endedAt,
      lastEventTime: at,
      facets: { ...facets },
    });
    return;
  }
  const newest = Date.parse(at) >= Date.parse(existing.lastEventTime);
  rows.runs.set(runId, {
    runId,
    job,
    state: newest ? eventType : existing.state,
    startedAt: earlier(existing.startedAt, startedAt),
    endedAt:
      endedAt === null
        ? existing.endedAt
        : existing.endedAt === null
          ? endedAt
          : later(existing.endedAt, endedAt),
    lastEventTime: later(existing.lastEventTime, at),
    facets: newest ? { ...existing.facets, ...facets } : { ...facets, ...existing.facets },
  });
}

/** Rows for a set of (new) events, in eventTime order so the latest facets win. */
export function normaliseEvents(events: readonly OpenLineageEvent[]): LineageRows {
  const rows: LineageRows = {
    nodes: new Map(),
    edges: new Map(),
    runs: new Map(),
    versions: [],
    columns: new Map(),
    datasetWide: new Map(),
  };
  const ordered = [...events].sort(
    (a, b) => Date.parse(a.event.eventTime) - Date.parse(b.event.eventTime),
  );
  for (const item of ordered) {
    const at = new Date(item.event.eventTime).toISOString();
    if (item.kind === "dataset") {
      const dataset = item.event.dataset;
      const key = addNode(
        rows,
        { kind: "dataset", namespace: dataset.namespace, name: dataset.name },
        dataset.facets,
        at,
      );
      const facets = { ...dataset.facets };
      rows.versions.push({
        dataset: key,
        runId: null,
        role: "static",
        eventType: null,
        version: versionOf(facets),
        facets,
        hasQuality: QUALITY_FACETS.some((name) => facets[name] !== undefined),
        at,
      });
      continue;
    }
    const event = item.event;
    const job = addNode(
      rows,
      { kind: "job", namespace: event.job.namespace, name: event.job.name },
      event.job.facets,
      at,
    );
    const runId = item.kind === "run" ? item.event.run.runId : null;
    const eventType = item.kind === "run" ? (item.event.eventType ?? "OTHER") : null;
    if (item.kind === "run" && runId !== null && eventType !== null) {
      addRun(rows, job, runId, eventType, at, item.event.run.facets);
    }
    addDatasets(rows, job, { runId, eventType, at }, event.inputs ?? [], event.outputs ?? []);
  }
  return rows;
}
