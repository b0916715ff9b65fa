/**
 * An OpenLineage history at scale, in the graph shape the ingestion derives (portal/server/lineage/
 * normalise.ts): one dataset per product, one job writing each product's dataset, and for every input
 * a `reads` edge (dataset → job) and a `derives` edge (dataset → dataset). Inputs are drawn from the
 * `window` datasets made just before, so edges only point forward (a DAG) and a node's fan-out stays
 * like a real mesh's rather than every product feeding on the first few.
 *
 * Run events are made on demand (`runEvent(i)`), not held in memory: a million of them is ~0.6 GB.
 */
import type { DataProductSpec } from "#contract";
import { seededRandom, type Random } from "../random";

export const BENCH_PRODUCER = "https://meshplane.dev/bench/generator";
const RUN_SCHEMA = "https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent";
const INPUT_WINDOW = 1000;

export interface NodeRef {
  namespace: string;
  name: string;
}

export type EdgeKind = "reads" | "writes" | "derives";

/** Node ids are positions: datasets 0..D-1, then jobs D..D+J-1. */
export interface LineageGraph {
  datasets: NodeRef[];
  jobs: NodeRef[];
  /** Dataset written by jobs[j] (its index in datasets). */
  jobOutput: number[];
  /** Datasets read by jobs[j]. */
  jobInputs: number[][];
  edges: { source: number; target: number; kind: EdgeKind }[];
}

export function datasetOf(spec: Pick<DataProductSpec, "domain" | "name">): NodeRef {
  return { namespace: `warehouse://${spec.domain}`, name: `${spec.domain}.${spec.name}` };
}

function jobOf(spec: Pick<DataProductSpec, "domain" | "name">): NodeRef {
  return { namespace: `scheduler://${spec.domain}`, name: `build.${spec.name}` };
}

/** Spreads `total` inputs over jobs 1..n-1, each reading at most the datasets before it. */
function inputCounts(products: number, total: number): number[] {
  const jobs = products - 1;
  const counts: number[] = [];
  let left = total;
  for (let j = 0; j < jobs; j += 1) {
    const share = Math.round(left / (jobs - j));
    const count = Math.min(share, j + 1, INPUT_WINDOW);
    counts.push(count);
    left -= count;
  }
  return counts;
}

/**
 * `edges` is the target number of lineage_edges rows: the n-1 `writes` plus two per input, so the
 * result has `edges` rows, or one fewer when the remainder is odd.
 */
export function generateLineage(
  specs: readonly DataProductSpec[],
  edges: number,
  random: Random,
): LineageGraph {
  if (specs.length < 2) throw new Error("a lineage graph needs at least 2 products");
  const datasets = specs.map(datasetOf);
  const offset = datasets.length;
  const counts = inputCounts(
    specs.length,
    Math.max(0, Math.floor((edges - (specs.length - 1)) / 2)),
  );
  const graph: LineageGraph = { datasets, jobs: [], jobOutput: [], jobInputs: [], edges: [] };
  counts.forEach((count, j) => {
    const output = j + 1;
    const low = Math.max(0, output - INPUT_WINDOW);
    const candidates = Array.from({ length: output - low }, (_, k) => low + k);
    const inputs = random.sample(candidates, count).sort((a, b) => a - b);
    const jobId = offset + graph.jobs.length;
    graph.jobs.push(jobOf(specs[output] as DataProductSpec));
    graph.jobOutput.push(output);
    graph.jobInputs.push(inputs);
    graph.edges.push({ source: jobId, target: output, kind: "writes" });
    for (const input of inputs) {
      graph.edges.push({ source: input, target: jobId, kind: "reads" });
      graph.edges.push({ source: input, target: output, kind: "derives" });
    }
  });
  return graph;
}

export interface RunEventShape {
  eventType: "START" | "COMPLETE";
  eventTime: string;
  run: { runId: string };
  job: NodeRef;
  inputs: NodeRef[];
  outputs: NodeRef[];
  producer: string;
  schemaURL: string;
}

function uuidFrom(random: Random): string {
  const hex = Array.from({ length: 32 }, () => random.int(16).toString(16)).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20)}`;
}

/**
 * Event `index` of the history (or of a later stream, with another `seed`): runs are START then
 * COMPLETE pairs of one job, an hour apart, minutes after the previous run. Deterministic per
 * (seed, index), so a loader and a checker can make the same event independently.
 */
export function runEvent(graph: LineageGraph, seed: number, index: number): RunEventShape {
  const run = Math.floor(index / 2);
  const random = seededRandom(seed * 1_000_003 + run);
  const j = random.int(graph.jobs.length);
  const job = graph.jobs[j] as NodeRef;
  const complete = index % 2 === 1;
  const start = Date.UTC(2026, 0, 1) + run * 60_000;
  const at = start + (complete ? 3_600_000 : 0);
  const ref = (k: number): NodeRef => graph.datasets[k] as NodeRef;
  return {
    eventType: complete ? "COMPLETE" : "START",
    eventTime: new Date(at).toISOString(),
    run: { runId: uuidFrom(random) },
    job,
    inputs: (graph.jobInputs[j] ?? []).map(ref),
    outputs: [ref(graph.jobOutput[j] ?? 0)],
    producer: BENCH_PRODUCER,
    schemaURL: RUN_SCHEMA,
  };
}
