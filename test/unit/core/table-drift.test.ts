/**
 * The comparison of a table's current schema with its product's spec (core/table-drift.ts): what
 * the product page's banner lists. It must agree with the evolution algorithm: the table the
 * evolution builds from a spec is that spec's table (no differences), so the banner clears once
 * a deployment's settle commits.
 */
import { describe, expect, it } from "vitest";
import { tableSchemaDifferences } from "#core/table-drift";
import { ColumnSpec } from "#contract";
import { icebergTableInput, nextTableMetadata } from "#components/local/index";
import { DataProductSpec } from "#contract";
import { exampleInput } from "../../support/specs";

const columns = (input: unknown[]) => input.map((column) => ColumnSpec.parse(column));

const field = (id: number, name: string, type: unknown, required = false) => ({
  id,
  name,
  type: type as string,
  required,
});

describe("tableSchemaDifferences", () => {
  it("finds nothing when the table is the spec's, whatever the type's spacing or column order", () => {
    const spec = columns([
      { name: "id", type: "long", required: true },
      { name: "amount", type: "decimal(12,2)" },
    ]);
    const fields = [field(2, "amount", "decimal(12, 2)"), field(1, "id", "long", true)];
    expect(tableSchemaDifferences(spec, fields)).toEqual([]);
  });

  it("names a column the table lacks, one only the table has, and a changed type and nullability", () => {
    const spec = columns([
      { name: "id", type: "long", required: true },
      { name: "score", type: "double" },
      { name: "added_later", type: "string" },
    ]);
    const fields = [field(1, "id", "long"), field(2, "score", "float"), field(3, "legacy", "int")];
    expect(tableSchemaDifferences(spec, fields)).toEqual([
      { column: "id", kind: "required", spec: "required", table: "optional" },
      { column: "score", kind: "type", spec: "double", table: "float" },
      { column: "added_later", kind: "missing", spec: "string" },
      { column: "legacy", kind: "extra", table: "int" },
    ]);
  });

  it("matches a column by field id first: a rename is one difference, not a missing and an extra", () => {
    const spec = columns([{ id: 7, name: "customer_ref", type: "string" }]);
    const fields = [field(7, "customer_id", "string")];
    expect(tableSchemaDifferences(spec, fields)).toEqual([
      { column: "customer_ref", kind: "renamed", spec: "customer_ref", table: "customer_id" },
    ]);
  });

  it("reports a differing description and a nested type an engine added as JSON", () => {
    const spec = columns([{ name: "id", type: "long", doc: "The key." }]);
    const nested = { type: "struct", fields: [] };
    const fields = [field(1, "id", "long"), field(2, "tags", nested)];
    expect(tableSchemaDifferences(spec, fields)).toEqual([
      { column: "id", kind: "doc", spec: "The key.", table: "" },
      { column: "tags", kind: "extra", table: JSON.stringify(nested) },
    ]);
  });

  it("agrees with the evolution: the table it builds for a spec (and for that spec evolved) has no differences", () => {
    const spec = DataProductSpec.parse(exampleInput("churn-experiments.yaml"));
    const clock = { nowMs: 1, newUuid: () => "00000000-0000-4000-8000-000000000000" };
    const first = nextTableMetadata(
      icebergTableInput(spec.table, {}),
      "file:///t",
      undefined,
      clock,
    );
    if (first === undefined) throw new Error("a new table has a first version");
    const current = (metadata: typeof first) =>
      metadata.schemas.find((s) => s["schema-id"] === metadata["current-schema-id"])?.fields ?? [];
    expect(tableSchemaDifferences(spec.table.columns, current(first))).toEqual([]);

    const evolved = DataProductSpec.parse({
      ...spec,
      table: {
        ...spec.table,
        columns: [...spec.table.columns, { name: "added_later", type: "decimal(10,2)" }],
      },
    });
    expect(tableSchemaDifferences(evolved.table.columns, current(first))).toEqual([
      { column: "added_later", kind: "missing", spec: "decimal(10,2)" },
    ]);
    const next = nextTableMetadata(
      icebergTableInput(evolved.table, {}),
      "file:///t",
      { metadata: first, file: "file:///t/metadata/v1.metadata.json" },
      clock,
    );
    if (next === undefined) throw new Error("a new column is a new version");
    expect(tableSchemaDifferences(evolved.table.columns, current(next))).toEqual([]);
  });
});
