"use client";
/**
 * The interactive lineage graph: React Flow for pan/zoom/selection, elkjs for the layered layout.
 * Select a node to focus the paths through it; Expand loads its neighbourhood; the domain filter
 * hides other domains. Every action is also a button in the node list below the canvas, so the
 * graph is usable from the keyboard and with a screen reader. Loaded lazily (LineageGraphLazy).
 */
import "@xyflow/react/dist/style.css";
import {
  Background,
  Controls,
  MarkerType,
  MiniMap,
  Position,
  ReactFlow,
  type Edge,
  type Node,
} from "@xyflow/react";
import ELK from "elkjs/lib/elk.bundled.js";
import { useEffect, useMemo, useState } from "react";
import { messageOf } from "#lib/errors";
import type { LineageGraph as Graph, LineageNode } from "../../shared/lineage/api-schemas";
import { apiFetch, queryString } from "../api-client";
import { LoadingState } from "../States";
import {
  domainsOf,
  filterByDomain,
  mergeGraphs,
  nodeLabel,
  pathThrough,
  type GraphData,
} from "./graph-model";

const elk = new ELK();
const NODE_WIDTH = 220;
const NODE_HEIGHT = 44;

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

function tone(node: LineageNode): string {
  if (node.kind === "job") return "job";
  return node.product === null ? "dataset" : "product";
}

export interface LineageGraphProps {
  graph: Graph;
  /** Ids to mark as the starting point (a product's datasets). */
  start?: number[];
  label: string;
}

export default function LineageGraph({ graph: initial, start = [], label }: LineageGraphProps) {
  const [data, setData] = useState<GraphData>(initial);
  const [focus, setFocus] = useState<number | undefined>(undefined);
  const [domain, setDomain] = useState<string | undefined>(undefined);
  // Positions with the graph they were computed for: the canvas waits for them, then fits the view.
  const [laidOut, setLaidOut] = useState<{ for: GraphData; positions: Positions; round: number }>();
  const [error, setError] = useState<string | undefined>(undefined);
  const [busy, setBusy] = useState(false);

  const visible = useMemo(() => filterByDomain(data, domain), [data, domain]);
  const path = useMemo(
    () => (focus === undefined ? undefined : pathThrough(visible, focus)),
    [visible, focus],
  );

  useEffect(() => {
    let cancelled = false;
    layout(visible).then(
      (result) => {
        if (!cancelled)
          setLaidOut((previous) => ({
            for: visible,
            positions: result,
            round: (previous?.round ?? 0) + 1,
          }));
      },
      (reason: unknown) => {
        if (!cancelled) setError(`layout failed: ${String(reason)}`);
      },
    );
    return () => {
      cancelled = true;
    };
  }, [visible]);

  async function expand(node: LineageNode) {
    setBusy(true);
    setError(undefined);
    try {
      const more = await apiFetch<Graph>(
        `/api/v1/lineage/graph${queryString({ node: node.kind, namespace: node.namespace, name: node.name, depth: 2 })}`,
      );
      setData((current) => mergeGraphs(current, more));
    } catch (reason) {
      setError(messageOf(reason));
    } finally {
      setBusy(false);
    }
  }

  const nodes: Node[] = visible.nodes.map((node) => ({
    id: String(node.id),
    position: laidOut?.positions.get(String(node.id)) ?? { x: 0, y: 0 },
    data: { label: nodeLabel(node) },
    className: `lineage-node lineage-${tone(node)}${start.includes(node.id) ? " lineage-start" : ""}${
      path !== undefined && !path.has(node.id) ? " lineage-dim" : ""
    }`,
    ariaLabel: `${node.kind} ${nodeLabel(node)}`,
    style: { width: NODE_WIDTH },
    sourcePosition: Position.Right,
    targetPosition: Position.Left,
  }));
  const edges: Edge[] = visible.edges.map((edge) => ({
    id: `${edge.source}-${edge.target}-${edge.kind}`,
    source: String(edge.source),
    target: String(edge.target),
    markerEnd: { type: MarkerType.ArrowClosed },
    className:
      path !== undefined && !(path.has(edge.source) && path.has(edge.target)) ? "lineage-dim" : "",
  }));
  const domains = domainsOf(data);
  const byId = new Map(data.nodes.map((node) => [String(node.id), node]));

  return (
    <div className="lineage">
      <div className="lineage-toolbar">
        <label>
          Domain{" "}
          <select
            value={domain ?? ""}
            onChange={(event) => {
              setDomain(event.target.value === "" ? undefined : event.target.value);
            }}
          >
            <option value="">All domains</option>
            {domains.map((d) => (
              <option key={d} value={d}>
                {d}
              </option>
            ))}
          </select>
        </label>
        {focus !== undefined && (
          <button
            type="button"
            className="button secondary"
            onClick={() => {
              setFocus(undefined);
            }}
          >
            Clear focus
          </button>
        )}
        {busy && <span role="status">Loading…</span>}
        <ul className="lineage-legend" aria-label="Legend">
          <li>
            <span className="swatch lineage-product" /> dataset of a product
          </li>
          <li>
            <span className="swatch lineage-dataset" /> other dataset
          </li>
          <li>
            <span className="swatch lineage-job" /> job
          </li>
          <li>
            <span className="swatch lineage-start" /> this product
          </li>
        </ul>
      </div>
      {error !== undefined && (
        <p className="alert" data-tone="danger" role="alert">
          {error}
        </p>
      )}
      <div className="lineage-canvas" role="figure" aria-label={label}>
        {laidOut?.for !== visible ? (
          <LoadingState label="Laying out the graph…" />
        ) : (
          <ReactFlow
            key={laidOut.round}
            nodes={nodes}
            edges={edges}
            fitView
            minZoom={0.1}
            nodesDraggable={false}
            nodesConnectable={false}
            onNodeClick={(_, node) => {
              setFocus(Number(node.id));
            }}
            onNodeDoubleClick={(_, node) => {
              const found = byId.get(node.id);
              if (found !== undefined) void expand(found);
            }}
            proOptions={{ hideAttribution: true }}
          >
            <Background />
            <Controls showInteractive={false} />
            {visible.nodes.length > 30 && <MiniMap pannable zoomable />}
          </ReactFlow>
        )}
      </div>
      <details className="lineage-list">
        <summary>
          {visible.nodes.length} nodes, {visible.edges.length} edges (list view)
        </summary>
        <ul>
          {visible.nodes.map((node) => (
            <li key={node.id}>
              <span className="small muted">{node.kind}</span> {nodeLabel(node)}{" "}
              <button
                type="button"
                className="link-button"
                onClick={() => {
                  setFocus(node.id);
                }}
              >
                Focus
              </button>{" "}
              <button type="button" className="link-button" onClick={() => void expand(node)}>
                Expand
              </button>
            </li>
          ))}
        </ul>
      </details>
    </div>
  );
}
