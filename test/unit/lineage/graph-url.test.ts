import { describe, expect, it } from "vitest";
import {
  graphSearch,
  historyMode,
  parseGraphUrl,
  type GraphUrlState,
} from "../../../portal/ui/lineage/graph-url";

const parse = (query: string, fallback?: string) =>
  parseGraphUrl(new URLSearchParams(query), fallback);

describe("lineage graph state in the URL", () => {
  it("round-trips every part of the state through the query string", () => {
    const states: Omit<GraphUrlState, "notes">[] = [
      {
        start: {
          node: "product",
          domain: "payments",
          name: "fraud-scores",
          depth: 5,
          direction: "upstream",
          view: "datasets",
        },
        filters: { domain: "payments", namespaces: ["file", "s3://a,b"] },
        focus: 42,
      },
      {
        start: {
          node: "job",
          namespace: "airflow prod",
          name: "dag.task&x=1",
          depth: 3,
          direction: "both",
          view: "full",
        },
        filters: { domain: undefined, namespaces: [] },
        focus: -2,
      },
    ];
    for (const state of states) {
      const search = graphSearch(state);
      expect(parse(search)).toEqual({ ...state, notes: [] });
    }
  });

  it("leaves defaults out of the link", () => {
    expect(
      graphSearch({
        start: {
          node: "product",
          domain: "payments",
          name: "fraud-scores",
          depth: 3,
          direction: "both",
          view: "full",
        },
        filters: { domain: undefined, namespaces: [] },
        focus: undefined,
      }),
    ).toBe("product=payments%2Ffraud-scores");
  });

  it("starts from the fallback product when the link names none", () => {
    expect(parse("", "payments/card-transactions").start).toEqual({
      node: "product",
      domain: "payments",
      name: "card-transactions",
      depth: 3,
      direction: "both",
      view: "full",
    });
    expect(parse("").start).toBeUndefined();
  });

  it("replaces bad values by their defaults and says which, never throwing", () => {
    const state = parse(
      "product=payments/fraud-scores&depth=99&direction=sideways&view=x&focus=abc&namespace_filter=",
      "other/product",
    );
    expect(state.start).toEqual({
      node: "product",
      domain: "payments",
      name: "fraud-scores",
      depth: 3,
      direction: "both",
      view: "full",
    });
    expect(state.focus).toBeUndefined();
    expect(state.filters.namespaces).toEqual([]);
    expect(state.notes).toEqual([
      '"depth=99" ignored: depth is 1 to 10.',
      '"direction=sideways" ignored: direction is upstream, downstream or both.',
      '"view=x" ignored: view is full or datasets.',
      '"namespace_filter" ignored: at most 50 namespaces, none empty.',
      '"focus=abc" ignored: not a node id.',
    ]);
    const bad = parse("product=not-a-ref&node=table&depth=1.5", "payments/a");
    expect(bad.start).toMatchObject({ node: "product", domain: "payments", name: "a", depth: 3 });
    expect(bad.notes).toHaveLength(3);
    const half = parse("node=job&name=x", "payments/a");
    expect(half.start).toMatchObject({ node: "product", name: "a" });
    expect(half.notes).toEqual([
      "a job start needs both namespace and name: showing the default start.",
    ]);
    const many = parse(Array.from({ length: 51 }, (_, i) => `namespace_filter=n${i}`).join("&"));
    expect(many.filters.namespaces).toEqual([]);
    expect(many.notes).toEqual(['"namespace_filter" ignored: at most 50 namespaces, none empty.']);
  });

  it("pushes a new start onto the history, replaces filter and selection changes", () => {
    const before = parse("product=payments/a&focus=1");
    expect(historyMode(before, { ...before, focus: 2 })).toBe("replace");
    expect(
      historyMode(before, { ...before, filters: { domain: "payments", namespaces: [] } }),
    ).toBe("replace");
    expect(historyMode(before, parse("product=payments/a&depth=4"))).toBe("push");
    expect(historyMode(before, parse("product=payments/b"))).toBe("push");
  });
});
