import { describe, expect, it } from "vitest";
import { canonicalJson } from "#lib/canonical-json";
import { specHash } from "#core/spec-hash";
import { eventHash } from "#workflow/ids";
import { SPEC_START_EVENT } from "../../support/openlineage-events";

describe("canonicalJson", () => {
  it("sorts object keys at every depth and keeps array order", () => {
    expect(canonicalJson({ b: [1, { d: null, c: "x" }], a: null, e: true })).toBe(
      '{"a":null,"b":[1,{"c":"x","d":null}],"e":true}',
    );
    expect(canonicalJson({ "9": 1, "10": 2, a: [3, 2, 1] })).toBe('{"10":2,"9":1,"a":[3,2,1]}');
  });

  it("follows JSON's rules for what JSON cannot hold", () => {
    const value = { a: undefined, f: () => 1, list: [undefined, Symbol("s")], at: new Date(0) };
    expect(canonicalJson(value)).toBe(JSON.stringify({ at: new Date(0), list: [null, null] }));
    expect(canonicalJson(undefined)).toBe("null");
  });

  it("writes what JSON.stringify writes for a value parsed from JSON, but for key order", () => {
    const parsed: unknown = JSON.parse(JSON.stringify(SPEC_START_EVENT));
    expect(JSON.parse(canonicalJson(parsed))).toEqual(parsed);
  });

  // The stored hashes: a plan preview's spec hash (product_requests.plan_preview) and a lineage
  // event's idempotency key (lineage_events). A change here makes stored rows look different.
  it("keeps the hashes stored in the database", () => {
    const spec = {
      name: "x",
      table: { columns: [{ name: "id", type: "long" }] },
      tags: { "10": "a", "9": "b" },
    };
    expect(specHash(spec, "dev")).toBe(
      "35aeba627b9fc9514dffce544ece9fbb3c54fb39a9158e3c48fcb7a118036fb0",
    );
    expect(eventHash(SPEC_START_EVENT)).toBe(
      "f85c16b6cde63f12de3c0e2ec7e73f77bccf5917ae189c1e92a93421db01c49f",
    );
  });
});

describe("canonicalJson on hostile input", () => {
  it("writes values nested far deeper than the call stack allows, like JSON.stringify would", () => {
    let deep: unknown = 1;
    for (let i = 0; i < 100_000; i += 1) deep = i % 2 === 0 ? [deep] : { b: deep, a: i };
    const text = canonicalJson(deep);
    expect(text.startsWith('{"a":99999,"b":[{"a":99997,"b":[')).toBe(true);
    expect(text.length).toBeGreaterThan(100_000 * 2);
  });

  it("refuses a cycle as JSON.stringify does, rather than looping", () => {
    const cycle: Record<string, unknown> = { a: 1 };
    cycle.self = [cycle];
    expect(() => canonicalJson(cycle)).toThrow(TypeError);
    const shared = { x: 1 };
    expect(canonicalJson({ a: shared, b: [shared] })).toBe('{"a":{"x":1},"b":[{"x":1}]}');
  });

  it("matches JSON.stringify with sorted keys on mixed values", () => {
    const value = {
      z: [1, "two", null, [], {}],
      a: { c: [true, { e: 1.5, d: "x" }], b: undefined },
    };
    expect(canonicalJson(value)).toBe(
      '{"a":{"c":[true,{"d":"x","e":1.5}]},"z":[1,"two",null,[],{}]}',
    );
    expect(canonicalJson([])).toBe("[]");
    expect(canonicalJson({})).toBe("{}");
    expect(canonicalJson("s")).toBe('"s"');
  });
});
