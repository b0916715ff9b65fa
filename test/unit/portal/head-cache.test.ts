/**
 * The commit route's per-process head cache and the load routes' text cache: keyed by table,
 * bounded, least recently used first out.
 */
import { describe, expect, it, vi } from "vitest";
import { TableHeadCache, TableTextCache, type CachedHead } from "#portal/server/iceberg/head-cache";

vi.mock("server-only", () => ({}));

function head(name: string, location = `file:///w/${name}/v1.json`): CachedHead {
  return {
    product: {
      id: `p-${name}`,
      domain: "payments",
      name,
      cloud: "local",
      status: "live",
      classification: "internal",
      outputs: {},
    },
    row: {
      id: `t-${name}`,
      namespace: "payments",
      name,
      productId: `p-${name}`,
      metadataLocation: location,
      metadata: "{}",
      version: 1,
      updatedAt: new Date(0),
    },
    metadata: {} as CachedHead["metadata"],
  };
}

describe("TableHeadCache", () => {
  it("answers the head last remembered for a table, and nothing once forgotten", () => {
    const cache = new TableHeadCache();
    cache.remember(head("a"));
    cache.remember(head("a", "file:///w/a/v2.json"));
    expect(cache.get("payments", "a")?.row.metadataLocation).toBe("file:///w/a/v2.json");
    expect(cache.get("customer", "a")).toBeUndefined();
    cache.forget("payments", "a");
    expect(cache.get("payments", "a")).toBeUndefined();
  });

  it("keeps at most its limit of tables, dropping the least recently used", () => {
    const cache = new TableHeadCache(2);
    cache.remember(head("a"));
    cache.remember(head("b"));
    cache.get("payments", "a"); // a is now the most recently used
    cache.remember(head("c"));
    expect(cache.get("payments", "b")).toBeUndefined();
    expect(cache.get("payments", "a")).toBeDefined();
    expect(cache.get("payments", "c")).toBeDefined();
  });
});

describe("TableTextCache", () => {
  const text = (version: number) => ({
    metadataLocation: `file:///w/a/v${version}.json`,
    updatedAt: new Date(version),
    metadata: `{"v":${version}}`,
  });

  it("answers the text last remembered for a table, per namespace", () => {
    const cache = new TableTextCache();
    cache.remember("payments", "a", text(1));
    cache.remember("payments", "a", text(2));
    expect(cache.get("payments", "a")).toEqual(text(2));
    expect(cache.get("customer", "a")).toBeUndefined();
  });

  it("keeps at most its limit of tables, dropping the least recently used", () => {
    const cache = new TableTextCache(2);
    cache.remember("payments", "a", text(1));
    cache.remember("payments", "b", text(1));
    cache.get("payments", "a");
    cache.remember("payments", "c", text(1));
    expect(cache.get("payments", "b")).toBeUndefined();
    expect(cache.get("payments", "a")).toBeDefined();
    expect(cache.get("payments", "c")).toBeDefined();
  });
});
