/**
 * Reading stored facets for the job and dataset pages (portal/shared/lineage/facets.ts): each
 * facet by its own schema; one a producer got wrong is left out, never an error.
 */
import { describe, expect, it } from "vitest";
import {
  datasetFacetsView,
  jobFacetsView,
  runDurationMs,
  runFacetsView,
} from "#portal/shared/lineage/facets";

const base = { _producer: "https://p.example", _schemaURL: "https://s.example" };

describe("facet views", () => {
  it("flattens nested schema fields to a.b and keeps what each field states", () => {
    const view = datasetFacetsView({
      schema: {
        ...base,
        fields: [
          { name: "id", type: "BIGINT" },
          {
            name: "address",
            type: "STRUCT",
            description: "postal",
            fields: [{ name: "city", type: "STRING", fields: [{ name: "code" }] }],
          },
        ],
      },
    });
    expect(view.schema).toEqual([
      { name: "id", type: "BIGINT", description: null },
      { name: "address", type: "STRUCT", description: "postal" },
      { name: "address.city", type: "STRING", description: null },
      { name: "address.city.code", type: null, description: null },
    ]);
    expect([view.documentation, view.owners, view.symlinks, view.dataSource]).toEqual([
      null,
      [],
      [],
      null,
    ]);
  });

  it("leaves out facets that do not fit their schema", () => {
    expect(
      jobFacetsView({
        sql: { ...base, query: 42 },
        jobType: { ...base, processingType: "BATCH" },
        documentation: { ...base, description: "fine" },
        ownership: { ...base, owners: "team" },
      }),
    ).toEqual({
      sql: null,
      sourceCodeLocation: null,
      sourceCode: null,
      jobType: null,
      documentation: "fine",
      owners: [],
    });
    expect(
      runFacetsView({
        nominalTime: { ...base, nominalStartTime: "yesterday" },
        parent: { ...base, run: {}, job: { namespace: "a", name: "b" } },
        errorMessage: { ...base, message: "boom", programmingLanguage: "JAVA" },
      }),
    ).toEqual({
      errorMessage: { message: "boom", programmingLanguage: "JAVA" },
      parent: null,
      nominalTime: null,
    });
  });

  it("measures a run only when both ends are known", () => {
    expect(runDurationMs("2026-01-01T00:00:00Z", "2026-01-01T00:01:30Z")).toBe(90_000);
    expect(runDurationMs(null, "2026-01-01T00:01:30Z")).toBeNull();
    expect(runDurationMs("2026-01-01T00:00:00Z", null)).toBeNull();
  });
});
