/**
 * The lineage graph's layered layout as data: the elkjs input for a graph (left to right, fixed
 * node size) and the positions read back. Pure and shared by the layout worker's caller
 * (graph-layout.ts) and the benchmark (bench/measures/graph-layout.ts), so both lay out the same.
 */
import type { ElkNode } from "elkjs/lib/elk-api";

export const NODE_WIDTH = 220;
export const NODE_HEIGHT = 44;

export const LAYOUT_OPTIONS: Record<string, string> = {
  "elk.algorithm": "layered",
  "elk.direction": "RIGHT",
  "elk.layered.spacing.nodeNodeBetweenLayers": "110",
  "elk.spacing.nodeNode": "24",
  // React Flow draws its own edges from the node positions (positionsOf reads no edge route), so
  // ELK's default orthogonal routing was work thrown away: polyline routing is the cheapest, and
  // keeps the gap between layers at the spacing above instead of widening it for routing slots.
  "elk.edgeRouting": "POLYLINE",
};

/**
 * From this many nodes, a cheaper layout: one crossing-minimisation pass and simple node
 * placement, about half the time of the defaults at 2,000 nodes (bench/measures/graph-layout.ts),
 * for a little more crossing; smaller graphs keep the tidier defaults.
 */
export const LARGE_GRAPH_NODES = 300;
const LARGE_GRAPH_OPTIONS: Record<string, string> = {
  "elk.layered.thoroughness": "1",
  "elk.layered.nodePlacement.strategy": "SIMPLE",
};

export type Positions = Map<string, { x: number; y: number }>;

export function elkInput(graph: {
  nodes: readonly { id: number }[];
  edges: readonly { source: number; target: number }[];
}): ElkNode {
  return {
    id: "root",
    layoutOptions:
      graph.nodes.length >= LARGE_GRAPH_NODES
        ? { ...LAYOUT_OPTIONS, ...LARGE_GRAPH_OPTIONS }
        : LAYOUT_OPTIONS,
    children: graph.nodes.map((node) => ({
      id: String(node.id),
      width: NODE_WIDTH,
      height: NODE_HEIGHT,
    })),
    edges: graph.edges.map((edge, index) => ({
      id: `e${index}`,
      sources: [String(edge.source)],
      targets: [String(edge.target)],
    })),
  };
}

export function positionsOf(result: ElkNode): Positions {
  return new Map(
    (result.children ?? []).map((child) => [child.id, { x: child.x ?? 0, y: child.y ?? 0 }]),
  );
}
