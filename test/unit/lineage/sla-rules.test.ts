import { describe, expect, it } from "vitest";
import { ColumnSpec } from "#contract";
import {
  evaluateAvailability,
  evaluateFreshness,
  evaluateQuality,
  worst,
} from "#portal/shared/lineage/sla-rules";
import { assertionsFacet, metricsFacet } from "../../support/openlineage-events";

const sla = { freshnessMinutes: 60, availabilityPercent: 99, rpoMinutes: 15, rtoMinutes: 60 };
const t0 = new Date("2026-01-01T00:00:00Z");
const minutes = (m: number) => new Date(t0.getTime() + m * 60_000);
const columns = [
  ColumnSpec.parse({ name: "id", type: "long", required: true }),
  ColumnSpec.parse({ name: "note", type: "string" }),
];

describe("SLA rules", () => {
  it.each([
    [0, "met"],
    [48, "met"],
    [49, "at_risk"],
    [60, "at_risk"],
    [61, "breached"],
  ])("freshness %i min after the last write is %s", (age, status) => {
    expect(evaluateFreshness(sla, t0, minutes(age), t0).status).toBe(status);
  });

  it("freshness without any write is no data yet until the first delivery is due", () => {
    expect(evaluateFreshness(sla, undefined, minutes(5000), undefined)).toEqual({
      status: "unknown",
      reason: "no data yet: the product is not in service",
    });
    expect(evaluateFreshness(sla, undefined, minutes(60), t0)).toEqual({
      status: "unknown",
      reason: `no data yet: first delivery expected by ${minutes(60).toISOString()}`,
    });
    expect(evaluateFreshness(sla, undefined, minutes(61), t0)).toEqual({
      status: "breached",
      reason: `no successful run has written this product since it went live (first delivery was due ${minutes(60).toISOString()})`,
    });
  });

  it("quality: null rate above 1 % on a required (critical) column breaches", () => {
    const result = evaluateQuality(columns, [
      { dataset: "d", metrics: metricsFacet(1000, { id: 11 }) },
    ]);
    expect(result).toEqual({
      status: "breached",
      reason: "null rate of critical column id is 1.10 % (> 1 %)",
    });
  });

  it("quality: up to 1 % is at risk, nulls elsewhere are fine", () => {
    expect(
      evaluateQuality(columns, [{ dataset: "d", metrics: metricsFacet(1000, { id: 10 }) }]).status,
    ).toBe("at_risk");
    expect(
      evaluateQuality(columns, [
        { dataset: "d", metrics: metricsFacet(1000, { note: 900, id: 0 }) },
      ]),
    ).toEqual({
      status: "met",
      reason: "all quality checks passed",
    });
  });

  it("quality: failed assertions breach on critical columns and the dataset, risk elsewhere", () => {
    const on = (column?: string) =>
      evaluateQuality(columns, [
        {
          dataset: "d",
          assertions: assertionsFacet([
            { assertion: "not_null", success: false, ...(column ? { column } : {}) },
          ]),
        },
      ]);
    expect(on("id")).toEqual({
      status: "breached",
      reason: "assertion not_null failed on column id",
    });
    expect(on()).toEqual({
      status: "breached",
      reason: "assertion not_null failed on the dataset",
    });
    expect(on("note").status).toBe("at_risk");
    expect(evaluateQuality(columns, []).status).toBe("unknown");
  });

  it("quality: a failed assertion follows the test's own severity", () => {
    const failed = (column: string, severity: string) =>
      evaluateQuality(columns, [
        {
          dataset: "d",
          assertions: assertionsFacet([
            { assertion: "not_null", success: false, column, severity },
          ]),
        },
      ]);
    expect(failed("id", "warn")).toEqual({
      status: "at_risk",
      reason: "assertion not_null failed on column id (severity warn)",
    });
    expect(failed("note", "error")).toEqual({
      status: "breached",
      reason: "assertion not_null failed on column note (severity error)",
    });
    expect(failed("note", "WARN").status).toBe("at_risk");
  });

  it.each([
    [{ ok: 100, total: 100 }, "met"],
    [{ ok: 993, total: 1000 }, "met"],
    [{ ok: 991, total: 1000 }, "at_risk"],
    [{ ok: 990, total: 1000 }, "at_risk"],
    [{ ok: 989, total: 1000 }, "breached"],
    [{ ok: 0, total: 0 }, "unknown"],
  ])("availability %o against 99 percent is %s", (probes, status) => {
    expect(evaluateAvailability(sla, probes).status).toBe(status);
  });

  it("overall is the worst known status", () => {
    expect(worst(["met", "unknown", "at_risk"])).toBe("at_risk");
    expect(worst(["unknown", "unknown"])).toBe("unknown");
    expect(worst(["met", "breached", "at_risk"])).toBe("breached");
  });
});
