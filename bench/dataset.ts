/** The generated data set of a run: domains, product specs and the lineage DAG, from one seed. */
import type pg from "pg";
import type { DataProductSpec } from "#contract";
import { loadExampleSpecs } from "#contract/examples";
import { generateLineage, type LineageGraph } from "./generate/lineage";
import { generateDomains, generateSpecs, type GeneratedDomain } from "./generate/specs";
import { loadDomains, loadEvents, loadGraph, loadProducts } from "./load";
import type { Scale } from "./options";
import { seededRandom } from "./random";

export interface Dataset {
  scale: Scale;
  domains: GeneratedDomain[];
  specs: DataProductSpec[];
  graph: LineageGraph;
}

export function generateDataset(scale: Scale): Dataset {
  const domains = generateDomains(scale.domains);
  const specs = generateSpecs(scale.products, {
    random: seededRandom(scale.seed),
    templates: loadExampleSpecs(),
    domains,
  });
  const graph = generateLineage(specs, scale.edges, seededRandom(scale.seed + 1));
  return { scale, domains, specs, graph };
}

export interface LoadTimings {
  productsSeconds: number;
  graphSeconds: number;
  eventsSeconds: number;
}

/** Loads everything in one connection, then ANALYZE so the planner sees the real sizes. */
export async function loadDataset(
  client: pg.ClientBase,
  dataset: Dataset,
  log: (line: string) => void,
): Promise<LoadTimings> {
  const clock = () => performance.now() / 1000;
  let start = clock();
  await loadDomains(client, dataset.domains);
  const productIds = await loadProducts(client, dataset.specs);
  const productsSeconds = clock() - start;
  log(`  ${dataset.specs.length} products in ${productsSeconds.toFixed(1)} s`);
  start = clock();
  await loadGraph(client, dataset.graph, productIds);
  const graphSeconds = clock() - start;
  log(`  ${dataset.graph.edges.length} edges in ${graphSeconds.toFixed(1)} s`);
  start = clock();
  let next = 0;
  await loadEvents(client, dataset.graph, dataset.scale.seed, dataset.scale.events, (done) => {
    if (done < next && done < dataset.scale.events) return;
    next += Math.max(50_000, Math.floor(dataset.scale.events / 10));
    log(`  ${done} events (${(clock() - start).toFixed(0)} s)`);
  });
  const eventsSeconds = clock() - start;
  await client.query("ANALYZE");
  return { productsSeconds, graphSeconds, eventsSeconds };
}
