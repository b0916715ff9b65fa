import { describe, expect, it } from "vitest";
import { MAX_SUNSET_DAYS, isDeprecated, sunsetIssue, sunsetReached } from "#core/sunset";

const NOW = new Date("2026-12-06T00:00:00Z");
const days = (n: number) => new Date(NOW.getTime() + n * 86_400_000);

describe("a decommission's sunset", () => {
  it("must be a date in the future, at most a year ahead", () => {
    expect(sunsetIssue(days(30), NOW)).toBeUndefined();
    expect(sunsetIssue(days(MAX_SUNSET_DAYS), NOW)).toBeUndefined();
    expect(sunsetIssue(NOW, NOW)).toBe("must be in the future");
    expect(sunsetIssue(days(-1), NOW)).toBe("must be in the future");
    expect(sunsetIssue(days(MAX_SUNSET_DAYS + 1), NOW)).toBe("must be at most 365 days ahead");
    expect(sunsetIssue(new Date("nonsense"), NOW)).toBe("is not a date");
  });

  it("holds the destroy back until it comes; no sunset holds nothing", () => {
    expect(sunsetReached(null, NOW)).toBe(true);
    expect(sunsetReached(days(1), NOW)).toBe(false);
    expect(sunsetReached(NOW, NOW)).toBe(true);
    expect(sunsetReached(days(-1), NOW)).toBe(true);
  });

  it("deprecates a live product only", () => {
    expect(isDeprecated({ status: "live", sunsetAt: days(3) })).toBe(true);
    expect(isDeprecated({ status: "live", sunsetAt: null })).toBe(false);
    expect(isDeprecated({ status: "decommissioned", sunsetAt: days(-3) })).toBe(false);
  });
});
