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

/** Adds an expansion to what is shown; nodes keep their first depth. */
export function mergeGraphs(base: GraphData, extra: LineageGraph | GraphData): GraphData {
  const nodes = new Map(base.nodes.map((node) => [node.id, node]));
  for (const node of extra.nodes) if (!nodes.has(node.id)) nodes.set(node.id, node);
  const edges = new Map(base.edges.map((edge) => [edgeKey(edge), edge]));
  for (const edge of extra.edges) edges.set(edgeKey(edge), edge);
  return { nodes: [...nodes.values()], edges: [...edges.values()] };
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
 * Keeps the nodes of the chosen domain and the jobs between them (a job belongs to the domain of
 * its key, but it is the link between datasets, so it stays when it touches a kept dataset).
 */
export function filterByDomain(graph: GraphData, domain: string | undefined): GraphData {
  if (domain === undefined) return graph;
  const kept = new Set(graph.nodes.filter((node) => node.domain === domain).map((node) => node.id));
  for (const edge of graph.edges) {
    const source = graph.nodes.find((node) => node.id === edge.source);
    const target = graph.nodes.find((node) => node.id === edge.target);
    if (source?.kind === "job" && kept.has(edge.target)) kept.add(source.id);
    if (target?.kind === "job" && kept.has(edge.source)) kept.add(target.id);
  }
  return {
    nodes: graph.nodes.filter((node) => kept.has(node.id)),
    edges: graph.edges.filter((edge) => kept.has(edge.source) && kept.has(edge.target)),
  };
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
