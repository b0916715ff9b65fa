import { describe, expect, it } from "vitest";
import { percentile, ratio, summarize } from "../../../bench/stats";

describe("percentile", () => {
  const sorted = Array.from({ length: 100 }, (_, i) => i + 1);

  it("takes the nearest rank", () => {
    expect(percentile(sorted, 50)).toBe(50);
    expect(percentile(sorted, 95)).toBe(95);
    expect(percentile(sorted, 99)).toBe(99);
    expect(percentile(sorted, 100)).toBe(100);
    expect(percentile(sorted, 0)).toBe(1);
    expect(percentile([3, 8, 20], 50)).toBe(8);
  });

  it("refuses no samples and percentiles outside 0..100", () => {
    expect(() => percentile([], 50)).toThrow("percentile of no samples");
    expect(() => percentile([1], 101)).toThrow("percentile 101 is outside 0..100");
  });
});

describe("summarize", () => {
  it("sorts, then reports min, percentiles, max, mean and coefficient of variation", () => {
    expect(summarize([4, 2, 6, 8])).toEqual({
      samples: 4,
      min: 2,
      p50: 4,
      p95: 8,
      p99: 8,
      max: 8,
      mean: 5,
      cv: Math.sqrt(5) / 5,
    });
  });

  it("reports a cv of 0 for constant samples", () => {
    expect(summarize([3, 3, 3]).cv).toBe(0);
  });
});

describe("ratio", () => {
  it("divides, and has no ratio against a zero baseline", () => {
    expect(ratio(3, 2)).toBe(1.5);
    expect(ratio(3, 0)).toBeUndefined();
  });
});
