"use client";
/**
 * The interactive lineage graph: React Flow for pan/zoom/selection, elkjs for the layered layout
 * (in a Web Worker, graph-layout.ts). Observed edges are solid, declared inputs that were never
 * observed dashed with a warning, observed edges that carry a declared input labelled
 * "declared". Select a node to focus the paths through it; Expand loads its neighbourhood; the
 * domain and namespace filters hide the rest. The filters and the selection are either the
 * caller's (the /lineage page keeps them in the URL) or the component's own (product pages).
 * Large graphs stay interactive: only the nodes and edges in view are rendered, and labels are
 * not rendered at all when zoomed out too far to read them (LABEL_ZOOM). Every action is also a button in the node list
 * below the canvas, so the graph is usable from the keyboard and with a screen reader. Loaded
 * lazily (LineageGraphLazy).
 */
import "@xyflow/react/dist/style.css";
import {
  Background,
  Controls,
  MarkerType,
  MiniMap,
  Position,
  ReactFlow,
  useStore,
  type Edge,
  type Node,
} from "@xyflow/react";
import { useCallback, useEffect, useMemo, useState } from "react";
import { messageOf } from "#lib/errors";
import type { LineageGraph as Graph, LineageNode } from "../../shared/lineage/api-schemas";
import { apiFetch, queryString } from "../api-client";
import { LoadingState } from "../States";
import {
  domainsOf,
  edgeLook,
  filterByDomain,
  filterByNamespaces,
  fitLabel,
  mergeGraphs,
  namespacesOf,
  nodeLabel,
  pathThrough,
  type GraphData,
} from "./graph-model";
import type { GraphFilters } from "./graph-url";
import { NODE_WIDTH, useGraphLayout } from "./graph-layout";
import { GraphToolbar } from "./GraphToolbar";
import { NodeList } from "./NodeList";
import { UnobservedNote } from "./UnobservedNote";

/** Below this zoom, labels are too small to read: they are not drawn. */
const LABEL_ZOOM = 0.45;
/** Above this many nodes, the minimap (a second drawing of every node) is left out. */
const MINIMAP_MAX_NODES = 1000;

function tone(node: LineageNode): string {
  if (node.kind === "job") return "job";
  if (node.kind === "product") return "declared-product";
  return node.product === null ? "dataset" : "product";
}

/** What the graph shows besides its data, when the caller keeps it (the URL). */
export interface GraphViewState {
  filters: GraphFilters;
  focus: number | undefined;
}

/** Tells the graph when the zoom crosses LABEL_ZOOM (inside React Flow, which holds the zoom). */
function ZoomWatch({ onFar }: { onFar: (far: boolean) => void }) {
  const far = useStore((state) => state.transform[2] < LABEL_ZOOM);
  useEffect(() => {
    onFar(far);
  }, [far, onFar]);
  return null;
}

function describeEdge(graph: GraphData, source: number, target: number): string {
  const label = (id: number) => {
    const node = graph.nodes.find((n) => n.id === id);
    return node === undefined ? String(id) : nodeLabel(node);
  };
  return `${label(source)} → ${label(target)}`;
}

export default function LineageGraph({
  graph: initial,
  start = [],
  label,
  view: controlled,
  onView,
}: {
  graph: Graph;
  /** Ids to mark as the starting point (a product's datasets). */
  start?: number[];
  label: string;
  /** Filters and selection kept by the caller; the component keeps its own without them. */
  view?: GraphViewState;
  onView?: (view: GraphViewState) => void;
}) {
  const [data, setData] = useState<GraphData>(initial);
  const [own, setOwn] = useState<GraphViewState>({
    filters: { domain: undefined, namespaces: [] },
    focus: undefined,
  });
  const view = controlled ?? own;
  const setView = onView ?? setOwn;
  const { filters, focus } = view;
  const [error, setError] = useState<string | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const [far, setFar] = useState(false);
  const onLayoutError = useCallback((message: string) => {
    setError(message);
  }, []);

  const visible = useMemo(
    () => filterByNamespaces(filterByDomain(data, filters.domain), filters.namespaces),
    [data, filters.domain, filters.namespaces],
  );
  const focused = focus !== undefined && visible.nodes.some((n) => n.id === focus);
  const path = useMemo(
    () => (focused ? pathThrough(visible, focus) : undefined),
    [visible, focus, focused],
  );
  const laidOut = useGraphLayout(visible, onLayoutError);
  const unobserved = visible.edges.filter((edge) => !edge.observed);

  async function expand(node: LineageNode) {
    setBusy(true);
    setError(undefined);
    try {
      const from =
        node.kind === "product"
          ? {
              node: "product",
              domain: node.product?.split("/")[0],
              name: node.product?.split("/")[1] ?? node.name,
            }
          : { node: node.kind, namespace: node.namespace, name: node.name };
      const more = await apiFetch<Graph>(
        `/api/v1/lineage/graph${queryString({ ...from, depth: 2 })}`,
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
      label: far ? null : (
        <span
          className="lineage-node-label"
          title={
            node.kind === "product"
              ? `${nodeLabel(node)}: declared, no dataset of it observed`
              : nodeLabel(node)
          }
        >
          {node.kind === "product" ? "⚠ " : ""}
          {fitLabel(nodeLabel(node))}
        </span>
      ),
    },
    className: `lineage-node lineage-${tone(node)}${start.includes(node.id) ? " lineage-start" : ""}${
      path !== undefined && !path.has(node.id) ? " lineage-dim" : ""
    }`,
    ariaLabel: `${node.kind} ${nodeLabel(node)}`,
    selected: focused && node.id === focus,
    style: { width: NODE_WIDTH },
    sourcePosition: Position.Right,
    targetPosition: Position.Left,
  }));
  const edges: Edge[] = visible.edges.map((edge) => {
    const look = edgeLook(edge);
    const dim = path !== undefined && !(path.has(edge.source) && path.has(edge.target));
    return {
      id: `${edge.source}-${edge.target}-${edge.kind}`,
      source: String(edge.source),
      target: String(edge.target),
      markerEnd: { type: MarkerType.ArrowClosed },
      ...(look.label === undefined || far ? {} : { label: look.label }),
      ariaLabel: `${describeEdge(visible, edge.source, edge.target)}${look.says === undefined ? "" : `: ${look.says}`}`,
      className: [
        dim ? "lineage-dim" : "",
        look.dashed ? "lineage-edge-unobserved" : "",
        edge.declared && !look.dashed ? "lineage-edge-declared" : "",
      ]
        .filter((c) => c !== "")
        .join(" "),
      ...(look.dashed ? { style: { strokeDasharray: "6 4" } } : {}),
    };
  });
  const byId = new Map(data.nodes.map((node) => [String(node.id), node]));

  return (
    <div className="lineage">
      <GraphToolbar
        domains={domainsOf(data)}
        domain={filters.domain}
        onDomain={(domain) => {
          setView({ filters: { ...filters, domain }, focus });
        }}
        namespaces={namespacesOf(data)}
        chosenNamespaces={filters.namespaces}
        onNamespaces={(namespaces) => {
          setView({ filters: { ...filters, namespaces }, focus });
        }}
        focused={focused}
        onClearFocus={() => {
          setView({ filters, focus: undefined });
        }}
        busy={busy}
      />
      {error !== undefined && (
        <p className="alert" data-tone="danger" role="alert">
          {error}
        </p>
      )}
      {unobserved.length > 0 && (
        <UnobservedNote pairs={unobserved.map((e) => describeEdge(visible, e.source, e.target))} />
      )}
      <div
        className="lineage-canvas"
        role="figure"
        aria-label={label}
        data-nodes={visible.nodes.length}
        data-layout-ms={laidOut === undefined ? undefined : Math.round(laidOut.took)}
      >
        {laidOut?.for !== visible ? (
          <LoadingState label="Laying out the graph…" />
        ) : (
          <ReactFlow
            key={laidOut.round}
            nodes={nodes}
            edges={edges}
            fitView
            minZoom={0.02}
            onlyRenderVisibleElements
            nodesDraggable={false}
            nodesConnectable={false}
            onNodeClick={(_, node) => {
              setView({ filters, focus: Number(node.id) });
            }}
            onNodeDoubleClick={(_, node) => {
              const found = byId.get(node.id);
              if (found !== undefined) void expand(found);
            }}
            proOptions={{ hideAttribution: true }}
          >
            <ZoomWatch onFar={setFar} />
            <Background />
            <Controls showInteractive={false} />
            {visible.nodes.length > 30 && visible.nodes.length <= MINIMAP_MAX_NODES && (
              <MiniMap pannable zoomable />
            )}
          </ReactFlow>
        )}
      </div>
      <NodeList
        graph={visible}
        onFocus={(node) => {
          setView({ filters, focus: node.id });
        }}
        onExpand={(node) => void expand(node)}
      />
    </div>
  );
}
