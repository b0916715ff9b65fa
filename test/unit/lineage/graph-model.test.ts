import { describe, expect, it } from "vitest";
import type { LineageNode } from "#portal/shared/lineage/api-schemas";
import {
  NODE_LABEL_CHARS,
  characters,
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
} from "../../../portal/ui/lineage/graph-model";
import { segmentsFor } from "../../../portal/ui/lineage/sla-timeline";

const node = (
  id: number,
  kind: "job" | "dataset",
  domain: string | null,
  product: string | null = null,
): LineageNode => ({
  id,
  kind,
  namespace: "s3://b",
  name: `n${id}`,
  domain,
  product,
  depth: 0,
});

// 1 → 2(job) → 3 → 4(job) → 5, and 6 → 4
const graph: GraphData = {
  nodes: [
    node(1, "dataset", "payments", "payments/a"),
    node(2, "job", "payments"),
    node(3, "dataset", "payments", "payments/b"),
    node(4, "job", "customer"),
    node(5, "dataset", "customer", "customer/c"),
    node(6, "dataset", null),
  ],
  edges: [
    { source: 1, target: 2, kind: "reads", declared: false, observed: true },
    { source: 2, target: 3, kind: "writes", declared: false, observed: true },
    { source: 3, target: 4, kind: "reads", declared: false, observed: true },
    { source: 4, target: 5, kind: "writes", declared: false, observed: true },
    { source: 6, target: 4, kind: "reads", declared: false, observed: true },
  ],
};

/** A product drawn only for a declared input (negative id, unique within one answer). */
const declaredProduct = (id: number, ref: string): LineageNode => ({
  id,
  kind: "product",
  namespace: "",
  name: ref,
  domain: ref.split("/")[0] ?? null,
  product: ref,
  depth: -1,
});
const declaredEdge = (source: number, target: number) => ({
  source,
  target,
  kind: "declared" as const,
  declared: true,
  observed: false,
});

describe("lineage graph model", () => {
  it("focuses the paths through a node", () => {
    expect([...pathThrough(graph, 3)].sort()).toEqual([1, 2, 3, 4, 5]);
    expect([...pathThrough(graph, 6)].sort()).toEqual([4, 5, 6]);
  });

  it("filters by domain, keeping the jobs that touch kept datasets", () => {
    const payments = filterByDomain(graph, "payments");
    expect(payments.nodes.map((n) => n.id)).toEqual([1, 2, 3, 4]);
    expect(payments.edges.length).toBe(3);
    expect(filterByDomain(graph, undefined)).toBe(graph);
    expect(domainsOf(graph)).toEqual(["customer", "payments"]);
  });

  it("merges an expansion without duplicates", () => {
    const merged = mergeGraphs(
      { nodes: graph.nodes.slice(0, 2), edges: graph.edges.slice(0, 1) },
      { nodes: graph.nodes.slice(1, 3), edges: graph.edges.slice(0, 2) },
    );
    expect(merged.nodes.map((n) => n.id)).toEqual([1, 2, 3]);
    expect(merged.edges.map((e) => `${e.source}>${e.target}`)).toEqual(["1>2", "2>3"]);
  });

  it("merges declared products by product, renumbering a taken negative id", () => {
    const first: GraphData = {
      nodes: [graph.nodes[0] ?? node(1, "dataset", null), declaredProduct(-1, "ref/x")],
      edges: [declaredEdge(-1, 1)],
    };
    // The expansion numbers its own declared products from -1 again.
    const second: GraphData = {
      nodes: [
        graph.nodes[2] ?? node(3, "dataset", null),
        declaredProduct(-1, "ref/y"),
        declaredProduct(-2, "ref/x"),
      ],
      edges: [declaredEdge(-1, 3), declaredEdge(-2, 3)],
    };
    const merged = mergeGraphs(first, second);
    const ids = new Map(merged.nodes.map((n) => [n.id, n.product ?? n.name]));
    expect([...ids.entries()].sort((a, b) => a[0] - b[0])).toEqual([
      [-2, "ref/y"],
      [-1, "ref/x"],
      [1, "payments/a"],
      [3, "payments/b"],
    ]);
    expect(merged.edges.map((e) => `${ids.get(e.source)}>${ids.get(e.target)}`)).toEqual([
      "ref/x>payments/a",
      "ref/y>payments/b",
      "ref/x>payments/b",
    ]);
  });

  it("draws observed edges solid, declared-only ones dashed with a warning", () => {
    expect(edgeLook(graph.edges[0] ?? declaredEdge(0, 0))).toEqual({
      dashed: false,
      label: undefined,
      says: undefined,
      warning: false,
    });
    expect(
      edgeLook({ source: 1, target: 2, kind: "reads", declared: true, observed: true }),
    ).toEqual({ dashed: false, label: "declared", says: "declared", warning: false });
    expect(edgeLook(declaredEdge(-1, 1))).toEqual({
      dashed: true,
      label: "⚠ not observed",
      says: "declared, not observed",
      warning: true,
    });
  });

  it("filters by namespaces, keeping declared products and the jobs between", () => {
    const mixed: GraphData = {
      nodes: [
        ...graph.nodes,
        { ...node(7, "dataset", null), namespace: "kafka://x" },
        declaredProduct(-1, "ref/x"),
      ],
      edges: [...graph.edges, { ...declaredEdge(-1, 1) }],
    };
    expect(namespacesOf(mixed)).toEqual(["kafka://x", "s3://b"]);
    expect(filterByNamespaces(mixed, [])).toBe(mixed);
    const kafka = filterByNamespaces(mixed, ["kafka://x"]);
    expect(kafka.nodes.map((n) => n.id)).toEqual([7, -1]);
    const s3 = filterByNamespaces(mixed, ["s3://b"]);
    expect(s3.nodes.map((n) => n.id)).toEqual([1, 2, 3, 4, 5, 6, -1]);
    expect(s3.edges).toHaveLength(6);
  });

  it("labels product datasets by product, others by namespace and name", () => {
    expect(nodeLabel(graph.nodes[0] ?? node(0, "job", null))).toBe("payments/a");
    expect(nodeLabel(node(7, "dataset", null))).toBe("s3://b n7");
    expect(nodeLabel(node(8, "job", null))).toBe("n8");
  });
});

describe("SLA timeline", () => {
  it("turns status changes into segments up to now", () => {
    const history = [
      {
        check: "overall" as const,
        status: "breached" as const,
        reason: "",
        at: "2026-01-01T00:00:00.000Z",
      },
      {
        check: "freshness" as const,
        status: "met" as const,
        reason: "",
        at: "2026-01-01T00:30:00.000Z",
      },
      {
        check: "overall" as const,
        status: "met" as const,
        reason: "",
        at: "2026-01-01T01:00:00.000Z",
      },
    ];
    const end = Date.parse("2026-01-01T02:00:00.000Z");
    expect(segmentsFor(history, "overall", end)).toEqual([
      {
        from: Date.parse("2026-01-01T00:00:00.000Z"),
        to: Date.parse("2026-01-01T01:00:00.000Z"),
        status: "breached",
      },
      { from: Date.parse("2026-01-01T01:00:00.000Z"), to: end, status: "met" },
    ]);
    expect(segmentsFor(history, "quality", end)).toEqual([]);
  });

  it("fits long job names into a node, keeping their start and end", () => {
    const long = "airflow_prod_payments_daily.transform_card_transactions_into_fraud_features";
    const fitted = fitLabel(long);
    expect(characters(fitted).length).toBe(NODE_LABEL_CHARS);
    expect(fitted).toBe("airflow_prod_p…_fraud_features");
    expect(fitLabel("payments.fraud_scoring")).toBe("payments.fraud_scoring");
    expect(characters(fitLabel("👩‍👩‍👧".repeat(40)))).toEqual([
      ...Array<string>(14).fill("👩‍👩‍👧"),
      "…",
      ...Array<string>(15).fill("👩‍👩‍👧"),
    ]);
  });
});
