/**
 * The column-lineage panel as people read it (issue #20.6): upstream and downstream columns with
 * their transformation (DIRECT/INDIRECT, subtype, description, masking), and the facet's
 * dataset-wide entries as "affects all columns of …: JOIN on …"; plus the job page's run history
 * (a failed run shows its error message). Rendered to HTML with React's server renderer.
 */
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import type {
  ColumnLineageResult,
  LineageJob,
  LineageRun,
} from "#portal/shared/lineage/api-schemas";
import { ColumnLineageView } from "#portal/ui/lineage/ColumnLineagePanel";
import { JobFacetsPanel, RunHistory } from "#portal/ui/lineage/JobDetail";
import {
  datasetHref,
  datasetWideKinds,
  describeTransformations,
  formatDuration,
  fromPageSegment,
} from "../../../portal/ui/lineage/lineage-detail";

const field = (name: string, column: string) => ({ namespace: "s3://lake", name, field: column });
const text = (html: string) => html.replace(/<[^>]+>/g, "").replace(/\s+/g, " ");

const upstream: ColumnLineageResult = {
  field: field("totals", "total"),
  edges: [
    {
      from: field("orders", "amount"),
      to: field("totals", "total"),
      depth: 1,
      transformation: [
        { type: "DIRECT", subtype: "AGGREGATION", description: "sum of amount", masking: false },
      ],
    },
    {
      from: field("raw/cards", "pan"),
      to: field("orders", "amount"),
      depth: 2,
      transformation: [{ type: "DIRECT", subtype: "TRANSFORMATION", masking: true }],
    },
  ],
  datasetWide: [
    {
      from: field("customers", "customer_id"),
      to: { namespace: "s3://lake", name: "totals" },
      depth: 1,
      transformation: [{ type: "INDIRECT", subtype: "JOIN", description: "", masking: false }],
    },
  ],
};
const downstream: ColumnLineageResult = {
  field: field("totals", "total"),
  edges: [],
  datasetWide: [],
};

describe("column lineage panel", () => {
  it("reads transformations: type · subtype, description, masking", () => {
    expect(describeTransformations(upstream.edges[0]?.transformation ?? null)).toBe(
      "DIRECT · AGGREGATION: sum of amount",
    );
    expect(describeTransformations(upstream.edges[1]?.transformation ?? null)).toBe(
      "DIRECT · TRANSFORMATION (masked)",
    );
    expect(describeTransformations(null)).toBe("not stated");
    expect(
      describeTransformations([
        { type: "INDIRECT", subtype: "JOIN" },
        { type: "INDIRECT", subtype: "FILTER", description: "status = 'paid'" },
      ]),
    ).toBe("INDIRECT · JOIN; INDIRECT · FILTER: status = 'paid'");
    expect(datasetWideKinds([{ type: "INDIRECT", subtype: "JOIN" }, { type: "INDIRECT" }])).toBe(
      "JOIN, INDIRECT",
    );
    expect(datasetWideKinds(null)).toBe("INDIRECT");
  });

  it("shows upstream columns with their transformation and the dataset-wide JOIN", () => {
    const html = renderToStaticMarkup(createElement(ColumnLineageView, { upstream, downstream }));
    const rows = [...html.matchAll(/<tr>(.*?)<\/tr>/g)].map((m) => text(m[1] ?? ""));
    expect(rows).toEqual([
      "ColumnIntoTransformationSteps",
      "s3://lake/orders.amounts3://lake/totals.totalDIRECT · AGGREGATION: sum of amount1",
      "s3://lake/raw/cards.pans3://lake/orders.amountDIRECT · TRANSFORMATION (masked)2",
    ]);
    expect(text(html)).toContain(
      "Affects all columns of s3://lake/totals: JOIN on s3://lake/customers.customer_id",
    );
    expect(html).toContain(`href="${datasetHref({ namespace: "s3://lake", name: "raw/cards" })}"`);
    expect(text(html)).toContain("No downstream columns reported for total.");
  });

  it("links datasets by percent-encoded path segments", () => {
    expect(datasetHref({ namespace: "s3://lake", name: "raw/cards" })).toBe(
      "/lineage/datasets/s3%3A%2F%2Flake/raw%2Fcards",
    );
    // What a page receives from Next.js: the decoded segment, encoded again.
    for (const name of ["raw/cards", "s3://lake", "50% off/a b", "naïve"])
      expect(fromPageSegment(encodeURIComponent(name))).toBe(name);
  });
});

describe("run history", () => {
  const run = (overrides: Partial<LineageRun>): LineageRun => ({
    runId: "0190c000-0000-7000-8000-000000000001",
    state: "COMPLETE",
    startedAt: "2026-04-01T02:00:00.000Z",
    endedAt: "2026-04-01T02:03:05.000Z",
    durationMs: 185_000,
    lastEventTime: "2026-04-01T02:03:05.000Z",
    errorMessage: null,
    parent: null,
    nominalTime: null,
    ...overrides,
  });

  it("shows a failed run's state, duration, error message, parent run and nominal time", () => {
    const failed = run({
      runId: "0190c000-0000-7000-8000-000000000002",
      state: "FAIL",
      errorMessage: { message: "division by zero", programmingLanguage: "python" },
      parent: {
        runId: "0190b000-0000-7000-8000-0000000da901",
        job: { namespace: "af", name: "dag" },
      },
      nominalTime: { start: "2026-04-01T02:00:00Z", end: null },
    });
    const html = renderToStaticMarkup(createElement(RunHistory, { runs: [failed, run({})] }));
    expect(html).toContain('data-state="FAIL"');
    expect(text(html)).toContain("Error (python): division by zero");
    expect(text(html)).toContain("Parent run 0190b000-0000-7000-8000-0000000da901 of af/dag");
    expect(text(html)).toContain("Scheduled for 1 Apr 2026, 02:00 UTC");
    expect(text(html)).toContain("3 min 5 s");
    // Only the failed run has an error note.
    expect(html.match(/role="note"/g)?.length).toBe(1);
  });

  it("formats durations", () => {
    expect([null, 850, 42_000, 185_000, 7_440_000].map(formatDuration)).toEqual([
      "—",
      "850 ms",
      "42 s",
      "3 min 5 s",
      "2 h 4 min",
    ]);
  });
});

describe("job facets", () => {
  const job = (url: string): LineageJob => ({
    namespace: "airflow",
    name: "totals",
    domain: "payments",
    firstSeenAt: "2026-04-01T02:00:00.000Z",
    lastSeenAt: "2026-04-01T02:00:00.000Z",
    facets: {
      sql: { query: "SELECT 1", dialect: "postgres" },
      sourceCodeLocation: { type: "git", url, path: "dags/totals.py", branch: "main" },
      sourceCode: null,
      jobType: { processingType: "BATCH", integration: "AIRFLOW", jobType: "TASK" },
      documentation: "Nightly totals.",
      owners: [{ name: "team:payments", type: "MAINTAINER" }],
    },
    inputs: [],
    outputs: [],
    latestRun: null,
  });

  it("shows job type, documentation, owners, source code location and SQL", () => {
    const html = renderToStaticMarkup(
      createElement(JobFacetsPanel, { job: job("https://github.com/acme/p/blob/main/t.py") }),
    );
    expect(text(html)).toContain("Job typeBATCH · AIRFLOW · TASK");
    expect(text(html)).toContain("DocumentationNightly totals.");
    expect(text(html)).toContain("Ownersteam:payments (MAINTAINER)");
    expect(text(html)).toContain("(git, dags/totals.py, branch main)");
    expect(text(html)).toContain("SQL (postgres)SELECT 1");
    expect(html).toContain('href="https://github.com/acme/p/blob/main/t.py"');
  });

  it("never links a source location that is not http(s)", () => {
    const html = renderToStaticMarkup(
      createElement(JobFacetsPanel, { job: job("javascript:alert(1)") }),
    );
    expect(html).not.toContain("href=");
    expect(text(html)).toContain("javascript:alert(1)");
  });
});
