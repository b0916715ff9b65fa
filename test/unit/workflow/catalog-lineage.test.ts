/**
 * The catalog's DatasetEvent is built in workflow/ (settle records it too), which may not import
 * the portal's OpenLineage schema: this holds the built event to that schema, so what settle
 * stores is what the ingestion would accept, and checks when the catalog reports a change.
 */
import { describe, expect, it } from "vitest";
import { DatasetEvent } from "#portal/shared/lineage/openlineage";
import { applyUpdates, createUpdates, emptyTableMetadata } from "#lib/iceberg/updates";
import { catalogDatasetEvent, reportsSchema } from "#workflow/catalog-lineage";

const NOW = 1_765_000_000_000;

function table(fields: { id: number; name: string; type: string; doc?: string }[]) {
  const schema = {
    type: "struct" as const,
    "schema-id": 0,
    fields: fields.map((field) => ({ ...field, required: false })),
  };
  return applyUpdates(
    emptyTableMetadata("7c6b1c6e-0000-4000-8000-000000000001", "file:///w/payments/t", NOW),
    createUpdates({ schema }),
    NOW,
  );
}

describe("the catalog's DatasetEvent", () => {
  it("is a valid OpenLineage DatasetEvent with the schema and catalog facets", () => {
    const metadata = table([
      { id: 1, name: "customer_key", type: "string", doc: "who" },
      { id: 2, name: "score", type: "double" },
    ]);
    const event = catalogDatasetEvent(
      { domain: "payments", name: "t" },
      metadata,
      "https://portal.example/api/iceberg",
      new Date(NOW),
    );
    expect(DatasetEvent.parse(event)).toEqual(event);
    expect(event.dataset).toMatchObject({
      namespace: "meshplane",
      name: "payments.t",
      facets: {
        schema: {
          fields: [
            { name: "customer_key", type: "string", description: "who" },
            { name: "score", type: "double" },
          ],
        },
        catalog: {
          metadataUri: "https://portal.example/api/iceberg",
          warehouseUri: "file:///w/payments/t",
        },
      },
    });
  });

  it("is reported for a new table and a new current schema, not for other changes", () => {
    const before = table([{ id: 1, name: "a", type: "string" }]);
    expect(reportsSchema(undefined, before)).toBe(true);
    expect(reportsSchema(before, { ...before, properties: { x: "1" } })).toBe(false);
    expect(reportsSchema(before, { ...before, "current-schema-id": 1 })).toBe(true);
  });
});
