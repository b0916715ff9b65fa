/** nextTableMetadata on its own: partition and sort-order evolution, ids never reused. */
import { describe, expect, it } from "vitest";
import {
  nextTableMetadata,
  type IcebergTableInput,
  type TableMetadata,
} from "#components/local/iceberg-metadata";

const CLOCK = { nowMs: 1_000, newUuid: () => "00000000-0000-4000-8000-000000000001" };
const LATER = { ...CLOCK, nowMs: 2_000 };

const TABLE: IcebergTableInput = {
  columns: [
    { name: "id", type: "long", required: true },
    { name: "ts", type: "timestamptz", required: true, doc: "event time" },
    { name: "amount", type: "decimal(10,2)", required: false },
  ],
  partitionSpec: [{ column: "ts", transform: "day", name: "ts_day" }],
  sortOrder: [],
  properties: { owner: "payments" },
};

function first(): TableMetadata {
  const metadata = nextTableMetadata(TABLE, "file:///w/t", undefined, CLOCK);
  if (metadata === undefined) throw new Error("a new table always has metadata");
  return metadata;
}

describe("nextTableMetadata", () => {
  it("starts partition field ids at 1000 and keeps docs", () => {
    const metadata = first();
    expect(metadata["partition-specs"]).toEqual([
      {
        "spec-id": 0,
        fields: [{ "source-id": 2, "field-id": 1000, name: "ts_day", transform: "day" }],
      },
    ]);
    expect(metadata.schemas[0]?.fields[1]).toEqual({
      id: 2,
      name: "ts",
      required: true,
      type: "timestamptz",
      doc: "event time",
    });
    expect(metadata["last-updated-ms"]).toBe(1_000);
  });

  it("adds a new partition spec (an unchanged field keeps its id) and sort order, keeping the old ones", () => {
    const v1 = first();
    const changed: IcebergTableInput = {
      ...TABLE,
      partitionSpec: [
        { column: "ts", transform: "day", name: "ts_day" },
        { column: "id", transform: "bucket[16]", name: "id_bucket" },
      ],
      sortOrder: [{ column: "ts", direction: "desc", nullOrder: "nulls-first" }],
    };
    const v2 = nextTableMetadata(
      changed,
      "file:///w/t",
      { metadata: v1, file: "file:///w/t/metadata/v1.metadata.json" },
      LATER,
    );
    expect(v2?.["partition-specs"]).toEqual([
      v1["partition-specs"][0],
      {
        "spec-id": 1,
        fields: [
          { "source-id": 2, "field-id": 1000, name: "ts_day", transform: "day" },
          { "source-id": 1, "field-id": 1001, name: "id_bucket", transform: "bucket[16]" },
        ],
      },
    ]);
    expect(v2?.["default-spec-id"]).toBe(1);
    expect(v2?.["last-partition-id"]).toBe(1001);
    expect(v2?.["sort-orders"]).toEqual([
      { "order-id": 0, fields: [] },
      {
        "order-id": 1,
        fields: [
          { transform: "identity", "source-id": 2, direction: "desc", "null-order": "nulls-first" },
        ],
      },
    ]);
    expect(v2?.["default-sort-order-id"]).toBe(1);
    expect(v2?.["current-schema-id"]).toBe(0);
    expect(v2?.["last-updated-ms"]).toBe(2_000);
  });

  it("re-adding a dropped column makes a new column (new id): the old data never reappears", () => {
    const v1 = first();
    const dropped = { ...TABLE, columns: TABLE.columns.slice(0, 2) };
    const v2 = nextTableMetadata(dropped, "file:///w/t", { metadata: v1, file: "v1" }, LATER);
    if (v2 === undefined) throw new Error("dropping a column is a change");
    expect(v2["current-schema-id"]).toBe(1);
    const v3 = nextTableMetadata(TABLE, "file:///w/t", { metadata: v2, file: "v2" }, LATER);
    expect(v3?.["current-schema-id"]).toBe(2);
    expect(v3?.schemas.map((s) => s.fields.map((f) => `${f.id}:${f.name}`))).toEqual([
      ["1:id", "2:ts", "3:amount"],
      ["1:id", "2:ts"],
      ["1:id", "2:ts", "4:amount"],
    ]);
    expect(v3?.["last-column-id"]).toBe(4);
  });

  it("names the column of a partition field that is not in the schema", () => {
    const bad = {
      ...TABLE,
      partitionSpec: [{ column: "missing", transform: "identity", name: "missing" }],
    };
    expect(() => nextTableMetadata(bad, "file:///w/t", undefined, CLOCK)).toThrow(
      'partition column "missing" is not in the table schema',
    );
  });

  it("widens a decimal's precision in place but treats a scale change as a new column on an empty table", () => {
    const v1 = first();
    const wider = {
      ...TABLE,
      columns: TABLE.columns.map((c) =>
        c.name === "amount" ? { ...c, type: "decimal(12,2)" } : c,
      ),
    };
    const v2 = nextTableMetadata(wider, "file:///w/t", { metadata: v1, file: "v1" }, LATER);
    expect(v2?.schemas[1]?.fields[2]).toEqual({
      id: 3,
      name: "amount",
      required: false,
      type: "decimal(12,2)",
    });
    const rescaled = {
      ...TABLE,
      columns: TABLE.columns.map((c) =>
        c.name === "amount" ? { ...c, type: "decimal(10,4)" } : c,
      ),
    };
    const v2b = nextTableMetadata(rescaled, "file:///w/t", { metadata: v1, file: "v1" }, LATER);
    expect(v2b?.schemas[1]?.fields[2]).toEqual({
      id: 4,
      name: "amount",
      required: false,
      type: "decimal(10,4)",
    });
  });
});
