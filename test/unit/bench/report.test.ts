import { describe, expect, it } from "vitest";
import { parseOptions } from "../../../bench/options";
import { mergeReports, type Report } from "../../../bench/report";
import type { MeasureResult } from "../../../bench/result";

function result(measure: string, database: string, note: string): MeasureResult {
  return { measure, title: measure, database, rows: [], notes: [note] };
}

function report(
  startedAt: string,
  commit: string,
  results: MeasureResult[],
  skipped: Report["skipped"] = [],
): Report {
  return {
    startedAt,
    finishedAt: startedAt,
    options: parseOptions(["--quick"]),
    machine: {
      cpu: "cpu",
      cores: 2,
      ramGiB: 8,
      os: "linux",
      node: "24",
      pglite: "0.5",
      databases: { [commit]: commit },
      commit,
    },
    loads: {},
    results,
    skipped,
  };
}

describe("mergeReports", () => {
  const previous = report(
    "2026-11-23T04:00:00Z",
    "aaa",
    [
      result("catalog-search", "embedded", "old search"),
      result("page-weight", "none", "old weight"),
    ],
    [{ measure: "page-speed", database: "embedded", reason: "failed: no build" }],
  );

  it("replaces the measures of the new run and keeps the others, saying where they came from", () => {
    const current = report("2026-11-23T06:00:00Z", "bbb", [
      result("page-weight", "none", "new weight"),
      result("page-speed", "embedded", "new speed"),
    ]);
    const merged = mergeReports(previous, current);
    expect(merged.startedAt).toBe("2026-11-23T06:00:00Z");
    expect(merged.results.map((r) => [r.measure, r.database, r.notes])).toEqual([
      ["page-weight", "none", ["new weight"]],
      ["page-speed", "embedded", ["new speed"]],
      [
        "catalog-search",
        "embedded",
        [
          "Kept from the run of 2026-11-23T04:00:00Z (commit aaa; 1000 products, 10000 edges, 20000 events); not re-measured in the run above.",
          "old search",
        ],
      ],
    ]);
    expect(merged.skipped).toEqual([]);
    expect(merged.machine.databases).toEqual({ aaa: "aaa", bbb: "bbb" });
  });

  it("keeps a result's origin when it is carried over a second time", () => {
    const once = mergeReports(previous, report("2026-11-23T06:00:00Z", "bbb", []));
    const twice = mergeReports(once, report("2026-11-23T07:00:00Z", "ccc", []));
    expect(twice.results.find((r) => r.measure === "catalog-search")?.notes[0]).toContain(
      "2026-11-23T04:00:00Z (commit aaa",
    );
  });

  it("a failed attempt replaces an older figure: the report never shows a stale result as current", () => {
    const failed = report(
      "2026-11-23T06:00:00Z",
      "bbb",
      [],
      [{ measure: "catalog-search", database: "embedded", reason: "failed: boom" }],
    );
    const merged = mergeReports(previous, failed);
    expect(merged.results.map((r) => r.measure)).toEqual(["page-weight"]);
    expect(merged.skipped.map((s) => s.measure)).toEqual(["catalog-search", "page-speed"]);
  });
});
