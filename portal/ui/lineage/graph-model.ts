/**
 * What the lineage graph component shows, as pure functions of the API's graphs: merging an
 * expanded node's neighbourhood, the path through a focused node, the domain filter. Browser-safe.
 */
import type { LineageEdge, LineageGraph, LineageNode } from "../../shared/lineage/api-schemas";

export interface GraphData {
  nodes: LineageNode[];
  edges: LineageEdge[];
}

const edgeKey = (edge: LineageEdge) => `${edge.source}-${edge.target}-${edge.kind}`;

/**
 * Adds an expansion to what is shown; nodes keep their first depth. A product drawn only for its
 * declared inputs has a negative id that is unique within one answer only: it is matched by its
 * product, and given a fresh id when the expansion's id is taken by another.
 */
export function mergeGraphs(base: GraphData, extra: LineageGraph | GraphData): GraphData {
  const nodes = new Map(base.nodes.map((node) => [node.id, node]));
  const products = new Map(
    base.nodes.flatMap((node) => (node.kind === "product" ? [[node.product, node.id]] : [])),
  );
  let free = Math.min(0, ...base.nodes.map((node) => node.id)) - 1;
  const renamed = new Map<number, number>();
  for (const node of extra.nodes) {
    if (node.kind === "product") {
      const known = products.get(node.product);
      if (known !== undefined) {
        renamed.set(node.id, known);
        continue;
      }
      if (nodes.has(node.id)) {
        renamed.set(node.id, free);
        nodes.set(free, { ...node, id: free });
        products.set(node.product, free);
        free -= 1;
        continue;
      }
      products.set(node.product, node.id);
    }
    if (!nodes.has(node.id)) nodes.set(node.id, node);
  }
  const edges = new Map(base.edges.map((edge) => [edgeKey(edge), edge]));
  for (const edge of extra.edges) {
    const moved = {
      ...edge,
      source: renamed.get(edge.source) ?? edge.source,
      target: renamed.get(edge.target) ?? edge.target,
    };
    edges.set(edgeKey(moved), moved);
  }
  return { nodes: [...nodes.values()], edges: [...edges.values()] };
}

/**
 * How an edge is drawn: solid when observed, dashed when only declared; its short label on the
 * canvas, and what it is in words (its accessible name).
 */
export function edgeLook(edge: LineageEdge): {
  dashed: boolean;
  label: string | undefined;
  says: string | undefined;
  warning: boolean;
} {
  if (!edge.observed)
    return {
      dashed: true,
      label: "⚠ not observed",
      says: "declared, not observed",
      warning: true,
    };
  const label = edge.declared ? "declared" : undefined;
  return { dashed: false, label, says: label, warning: false };
}

function reach(start: number, next: Map<number, number[]>): Set<number> {
  const seen = new Set<number>([start]);
  const queue = [start];
  while (queue.length > 0) {
    const id = queue.shift() ?? start;
    for (const neighbour of next.get(id) ?? []) {
      if (seen.has(neighbour)) continue;
      seen.add(neighbour);
      queue.push(neighbour);
    }
  }
  return seen;
}

/** The focused node with everything upstream and downstream of it: the paths through it. */
export function pathThrough(graph: GraphData, id: number): Set<number> {
  const up = new Map<number, number[]>();
  const down = new Map<number, number[]>();
  for (const edge of graph.edges) {
    up.set(edge.target, [...(up.get(edge.target) ?? []), edge.source]);
    down.set(edge.source, [...(down.get(edge.source) ?? []), edge.target]);
  }
  return new Set([...reach(id, up), ...reach(id, down)]);
}

export function domainsOf(graph: GraphData): string[] {
  return [
    ...new Set(graph.nodes.flatMap((node) => (node.domain === null ? [] : [node.domain]))),
  ].sort();
}

/**
 * Keeps the nodes `keep` accepts and the jobs between them (a job belongs to the domain of its
 * key, but it is the link between datasets, so it stays when it touches a kept dataset).
 */
function keepWithJobs(graph: GraphData, keep: (node: LineageNode) => boolean): GraphData {
  const kept = new Set(graph.nodes.filter(keep).map((node) => node.id));
  const byId = new Map(graph.nodes.map((node) => [node.id, node]));
  for (const edge of graph.edges) {
    const source = byId.get(edge.source);
    const target = byId.get(edge.target);
    if (source?.kind === "job" && kept.has(edge.target)) kept.add(source.id);
    if (target?.kind === "job" && kept.has(edge.source)) kept.add(target.id);
  }
  return {
    nodes: graph.nodes.filter((node) => kept.has(node.id)),
    edges: graph.edges.filter((edge) => kept.has(edge.source) && kept.has(edge.target)),
  };
}

/** Keeps the nodes of the chosen domain and the jobs between them. */
export function filterByDomain(graph: GraphData, domain: string | undefined): GraphData {
  if (domain === undefined) return graph;
  return keepWithJobs(graph, (node) => node.domain === domain);
}

export function namespacesOf(graph: GraphData): string[] {
  return [
    ...new Set(graph.nodes.flatMap((node) => (node.kind === "dataset" ? [node.namespace] : []))),
  ].sort();
}

/** Keeps the datasets of the chosen namespaces (all when none), products, and the jobs between. */
export function filterByNamespaces(graph: GraphData, namespaces: readonly string[]): GraphData {
  if (namespaces.length === 0) return graph;
  const chosen = new Set(namespaces);
  return keepWithJobs(
    graph,
    (node) => node.kind === "product" || (node.kind === "dataset" && chosen.has(node.namespace)),
  );
}

/** Characters of a label that fit on one line of a graph node (NODE_WIDTH at the node's font). */
export const NODE_LABEL_CHARS = 30;

/**
 * A label that fits a graph node: long names keep their start and their end (a job's task, a
 * table's name) around an ellipsis. The node keeps the whole label as its title and accessible name.
 */
const graphemes = new Intl.Segmenter(undefined, { granularity: "grapheme" });

/** The user-perceived characters of `text`: an emoji or an accented letter counts once. */
export function characters(text: string): string[] {
  return Array.from(graphemes.segment(text), (part) => part.segment);
}

export function fitLabel(label: string, max = NODE_LABEL_CHARS): string {
  const chars = characters(label);
  if (chars.length <= max) return label;
  const tail = Math.ceil((max - 1) / 2);
  const head = max - 1 - tail;
  return `${chars.slice(0, head).join("")}…${chars.slice(chars.length - tail).join("")}`;
}

export function nodeLabel(node: LineageNode): string {
  if (node.product !== null) return node.product;
  return node.kind === "job" ? node.name : `${node.namespace} ${node.name}`;
}
