"use client";
/**
 * The graph as a list under the canvas: every node with Focus and Expand buttons, so the graph
 * is usable from the keyboard and with a screen reader.
 */
import type { LineageNode } from "../../shared/lineage/api-schemas";
import { nodeLabel, type GraphData } from "./graph-model";

export function NodeList(props: {
  graph: GraphData;
  onFocus: (node: LineageNode) => void;
  onExpand: (node: LineageNode) => void;
}) {
  return (
    <details className="lineage-list">
      <summary>
        {props.graph.nodes.length} nodes, {props.graph.edges.length} edges (list view)
      </summary>
      <ul>
        {props.graph.nodes.map((node) => (
          <li key={node.id}>
            <span className="small muted">{node.kind}</span> {nodeLabel(node)}{" "}
            <button
              type="button"
              className="link-button"
              onClick={() => {
                props.onFocus(node);
              }}
            >
              Focus
            </button>{" "}
            <button
              type="button"
              className="link-button"
              onClick={() => {
                props.onExpand(node);
              }}
            >
              Expand
            </button>
          </li>
        ))}
      </ul>
    </details>
  );
}
