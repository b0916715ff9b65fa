import { describe, expect, it } from "vitest";
import { NUL_REPLACEMENT, nulPath, replaceNul } from "#lib/nul";

describe("NUL characters in JSON values", () => {
  it("finds the first string or key holding one, by path", () => {
    expect(nulPath({ a: "ok", b: [1, "x\u0000"] })).toEqual(["b", 1]);
    expect(nulPath({ a: { "k\u0000": 1 } })).toEqual(["a", "k\u0000"]);
    expect(nulPath("\u0000")).toEqual([]);
    expect(nulPath({ a: ["fine", { b: null, c: 3 }] })).toBeUndefined();
  });

  it("walks deep values without recursing", () => {
    let deep: unknown = "end\u0000";
    for (let depth = 0; depth < 100_000; depth += 1) deep = [deep];
    expect(nulPath(deep)).toHaveLength(100_000);
  });

  it("replaces every NUL in strings and keys, leaving the input and other values alone", () => {
    const input = { "a\u0000": ["x\u0000y", 1, true, null], b: { c: "\u0000" } };
    const copy = replaceNul(input);
    expect(copy).toEqual({
      [`a${NUL_REPLACEMENT}`]: [`x${NUL_REPLACEMENT}y`, 1, true, null],
      b: { c: NUL_REPLACEMENT },
    });
    expect(input.b.c).toBe("\u0000");
    const clean = { a: "b" };
    expect(replaceNul(clean)).toBe(clean);
  });
});
