import { describe, expect, it, vi } from "vitest";
import {
  allowedEdits,
  corrections,
  editDistance,
  termMatches,
  termsQuery,
  typedTerm,
  typoDistance,
} from "#portal/server/search-text";

vi.mock("server-only", () => ({}));

describe("catalog typo tolerance", () => {
  it("counts a swap of neighbours as one edit (optimal string alignment)", () => {
    expect(editDistance("fruad", "fraud")).toBe(1);
    expect(editDistance("fraud", "fraud")).toBe(0);
    expect(editDistance("custmer", "customer")).toBe(1);
    expect(editDistance("kitten", "sitting")).toBe(3);
    expect(editDistance("", "abc")).toBe(3);
    expect(editDistance("ab", "ba")).toBe(1);
  });

  it("measures a typed word against the start of a longer word too", () => {
    expect(typoDistance("fruad", "fraudulent")).toBe(1);
    expect(typoDistance("evnts", "events")).toBe(1);
    expect(typoDistance("zebra", "fraudulent")).toBeGreaterThan(2);
  });

  it("allows no edit under 4 letters, one under 8, two from 8", () => {
    expect([3, 4, 7, 8, 20].map(allowedEdits)).toEqual([0, 1, 1, 2, 2]);
  });

  it("keeps the closest candidates within the allowed edits, shortest first", () => {
    expect(corrections("fruad", ["from", "fraudulent", "fraud", "fruit", "frauds"])).toEqual([
      "fraud",
      "frauds",
      "fraudulent",
    ]);
    expect(corrections("frd", ["fraud"])).toEqual([]);
    expect(corrections("fxxxd", ["fraud"])).toEqual([]);
    // Candidates that are not one search word are never put into a tsquery.
    expect(corrections("fruad", ["fra|ud", "fraud:*"])).toEqual([]);
  });

  it("builds the tsquery: typed words as prefixes, corrected ones as alternatives", () => {
    const fixed = { typed: "fruad", prefix: undefined, exact: ["fraud", "frauds"] };
    expect(termsQuery([typedTerm("cust"), fixed])).toBe("cust:* & (fraud | frauds)");
    expect(termsQuery([])).toBeUndefined();
    expect(termsQuery([{ typed: "x", prefix: undefined, exact: [] }])).toBeUndefined();
    expect(termMatches(fixed, "fraud")).toBe(true);
    expect(termMatches(fixed, "fraudulent")).toBe(false);
    expect(termMatches(typedTerm("cust"), "customer")).toBe(true);
  });
});
