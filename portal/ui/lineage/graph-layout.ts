"use client";
/**
 * The layered layout of the lineage graph (elkjs, left to right), recomputed whenever the shown
 * graph changes. The canvas waits for the positions of the graph it shows, then fits the view.
 */
import ELK from "elkjs/lib/elk.bundled.js";
import { useEffect, useState } from "react";
import { messageOf } from "#lib/errors";
import type { GraphData } from "./graph-model";

export const NODE_WIDTH = 220;
const NODE_HEIGHT = 44;

const elk = new ELK();

type Positions = Map<string, { x: number; y: number }>;

async function layout(graph: GraphData): Promise<Positions> {
  const result = await elk.layout({
    id: "root",
    layoutOptions: {
      "elk.algorithm": "layered",
      "elk.direction": "RIGHT",
      "elk.layered.spacing.nodeNodeBetweenLayers": "60",
      "elk.spacing.nodeNode": "24",
    },
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
  });
  return new Map(
    (result.children ?? []).map((child) => [child.id, { x: child.x ?? 0, y: child.y ?? 0 }]),
  );
}

/** Positions with the graph they were computed for; `round` counts layouts (a new canvas each). */
interface LaidOut {
  for: GraphData;
  positions: Positions;
  round: number;
}

export function useGraphLayout(
  graph: GraphData,
  onError: (message: string) => void,
): LaidOut | undefined {
  const [laidOut, setLaidOut] = useState<LaidOut>();
  useEffect(() => {
    let cancelled = false;
    layout(graph).then(
      (positions) => {
        if (!cancelled)
          setLaidOut((previous) => ({
            for: graph,
            positions,
            round: (previous?.round ?? 0) + 1,
          }));
      },
      (reason: unknown) => {
        if (!cancelled) onError(`layout failed: ${messageOf(reason)}`);
      },
    );
    return () => {
      cancelled = true;
    };
  }, [graph, onError]);
  return laidOut;
}
