import ELK from "elkjs/lib/elk.bundled.js";
import { describe, expect, it } from "vitest";
import {
  LARGE_GRAPH_NODES,
  NODE_HEIGHT,
  NODE_WIDTH,
  elkInput,
  positionsOf,
} from "../../../portal/ui/lineage/layout-input";
import { lineageShapedGraph } from "../../../bench/measures/graph-layout";
import { seededRandom } from "../../../bench/random";

const chain = (size: number) => ({
  nodes: Array.from({ length: size }, (_, i) => ({ id: i + 1 })),
  edges: Array.from({ length: size - 1 }, (_, i) => ({ source: i + 1, target: i + 2 })),
});

describe("lineage layout input", () => {
  it("asks for polyline routing: the canvas draws its own edges from node positions", () => {
    expect(elkInput(chain(3)).layoutOptions?.["elk.edgeRouting"]).toBe("POLYLINE");
  });

  it("uses the cheaper options from the large-graph threshold only", () => {
    const small = elkInput(chain(LARGE_GRAPH_NODES - 1)).layoutOptions;
    const large = elkInput(chain(LARGE_GRAPH_NODES)).layoutOptions;
    expect(small?.["elk.layered.thoroughness"]).toBeUndefined();
    expect(large?.["elk.layered.thoroughness"]).toBe("1");
    expect(large?.["elk.edgeRouting"]).toBe("POLYLINE");
  });

  it("lays out the same graph at the same positions, left to right, without overlaps", async () => {
    const graph = lineageShapedGraph(120, seededRandom(120));
    const elk = new ELK();
    const first = positionsOf(await elk.layout(elkInput(graph)));
    const second = positionsOf(await new ELK().layout(elkInput(graph)));
    expect(first.size).toBe(120);
    expect([...second]).toEqual([...first]);
    for (const { source, target } of graph.edges)
      expect(first.get(String(target))?.x).toBeGreaterThan(first.get(String(source))?.x ?? 0);
    const boxes = [...first.values()];
    for (const [i, a] of boxes.entries())
      for (const b of boxes.slice(i + 1))
        expect(Math.abs(a.x - b.x) >= NODE_WIDTH || Math.abs(a.y - b.y) >= NODE_HEIGHT).toBe(true);
  });
});
