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
import { useMemo, useState } from "react";
import { messageOf } from "#lib/errors";
import type { LineageGraph as Graph, LineageNode } from "../../shared/lineage/api-schemas";
import { apiFetch, queryString } from "../api-client";
import { LoadingState } from "../States";
import {
  domainsOf,
  filterByDomain,
  fitLabel,
  mergeGraphs,
  nodeLabel,
  pathThrough,
  type GraphData,
} from "./graph-model";
import { NODE_WIDTH, useGraphLayout } from "./graph-layout";
import { GraphToolbar } from "./GraphToolbar";
import { NodeList } from "./NodeList";

function tone(node: LineageNode): string {
  if (node.kind === "job") return "job";
  return node.product === null ? "dataset" : "product";
}

export default function LineageGraph({
  graph: initial,
  start = [],
  label,
}: {
  graph: Graph;
  /** Ids to mark as the starting point (a product's datasets). */
  start?: number[];
  label: string;
}) {
  const [data, setData] = useState<GraphData>(initial);
  const [focus, setFocus] = useState<number | undefined>(undefined);
  const [domain, setDomain] = useState<string | undefined>(undefined);
  const [error, setError] = useState<string | undefined>(undefined);
  const [busy, setBusy] = useState(false);

  const visible = useMemo(() => filterByDomain(data, domain), [data, domain]);
  const path = useMemo(
    () => (focus === undefined ? undefined : pathThrough(visible, focus)),
    [visible, focus],
  );
  const laidOut = useGraphLayout(visible, setError);

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
    data: {
      label: (
        <span className="lineage-node-label" title={nodeLabel(node)}>
          {fitLabel(nodeLabel(node))}
        </span>
      ),
    },
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
  const byId = new Map(data.nodes.map((node) => [String(node.id), node]));

  return (
    <div className="lineage">
      <GraphToolbar
        domains={domainsOf(data)}
        domain={domain}
        onDomain={setDomain}
        focused={focus !== undefined}
        onClearFocus={() => {
          setFocus(undefined);
        }}
        busy={busy}
      />
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
      <NodeList
        graph={visible}
        onFocus={(node) => {
          setFocus(node.id);
        }}
        onExpand={(node) => void expand(node)}
      />
    </div>
  );
}
