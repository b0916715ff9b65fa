/**
 * A deployment's table change as a catalog commit (deploymentCommit): the updates read off
 * nextTableMetadata's result for the catalog's head, applied with the catalog's own applyUpdates,
 * give the table the spec describes, on top of whatever an engine committed. Covers the
 * contract's compatibility rules that reach the table: a rename keeps the field id, int→long and
 * wider decimals keep it too, a new column gets the id above last-column-id, an illegal change is
 * refused at its spec path.
 */
import { describe, expect, it } from "vitest";
import { deploymentCommit } from "#components/local/catalog-updates";
import {
  metadataText,
  nextTableMetadata,
  type IcebergColumnInput,
  type IcebergTableInput,
} from "#components/local/iceberg-metadata";
import { parseJsonLossless } from "#lib/iceberg/json";
import { readTableMetadata, type TableMetadata } from "#lib/iceberg/table-metadata";
import { applyUpdates, checkRequirements, type TableUpdate } from "#lib/iceberg/updates";

const LOCATION = "file:///w/payments/churn";
const HEAD = `${LOCATION}/metadata/00002-engine.metadata.json`;
const CLOCK = { nowMs: 1_000, newUuid: () => "00000000-0000-4000-8000-000000000001" };

const COLUMNS: IcebergColumnInput[] = [
  { name: "customer_key", type: "string", required: true },
  { name: "sessions", type: "int", required: false },
  { name: "spend", type: "decimal(12,2)", required: false },
  { name: "churned", type: "boolean", required: false },
];

function tableOf(
  columns: IcebergColumnInput[],
  change: Partial<IcebergTableInput> = {},
): IcebergTableInput {
  return {
    columns,
    partitionSpec: [],
    sortOrder: [],
    properties: { "meshplane.domain": "payments" },
    ...change,
  };
}

/** The catalog's head: the first version of COLUMNS, optionally with an engine's append. */
function head(withData: boolean): TableMetadata {
  const first = nextTableMetadata(tableOf(COLUMNS), LOCATION, undefined, CLOCK);
  if (first === undefined) throw new Error("a new table always has metadata");
  const snapshot = {
    "snapshot-id": 7,
    "sequence-number": 1,
    "timestamp-ms": 2_000,
    "manifest-list": `${LOCATION}/metadata/snap-7.avro`,
    summary: { operation: "append" },
    "schema-id": 0,
  };
  const engine = withData
    ? {
        ...first,
        snapshots: [snapshot],
        "current-snapshot-id": 7,
        refs: { main: { type: "branch", "snapshot-id": 7 } },
        "last-sequence-number": 1,
      }
    : first;
  return readTableMetadata(parseJsonLossless(metadataText(engine)));
}

/** Ids as the spec carries them once live (contract/column-ids.ts): 1..4 in order. */
const withIds = (columns: IcebergColumnInput[]): IcebergColumnInput[] =>
  columns.map((column, index) => ({ ...column, id: index + 1 }));

function commitOn(current: TableMetadata, table: IcebergTableInput) {
  const commit = deploymentCommit(table, current, HEAD, 5_000);
  checkRequirements(current, commit.requirements);
  return { ...commit, after: applyUpdates(current, commit.updates, 5_000) };
}

function currentFields(metadata: TableMetadata) {
  const schema = metadata.schemas.find((s) => s["schema-id"] === metadata["current-schema-id"]);
  return schema?.fields.map(({ id, name, type }) => ({ id, name, type }));
}

describe("deploymentCommit", () => {
  it("adds a column above last-column-id on the engine's head, keeping its snapshot", () => {
    const current = head(true);
    const columns = [...withIds(COLUMNS), { name: "region", type: "string", required: false }];
    const { requirements, updates, after } = commitOn(current, tableOf(columns));
    expect(requirements).toEqual([
      { type: "assert-table-uuid", uuid: current["table-uuid"] },
      { type: "assert-current-schema-id", "current-schema-id": 0 },
    ]);
    expect(updates.map((update) => update.action)).toEqual(["add-schema", "set-current-schema"]);
    expect(updates[1]).toEqual({ action: "set-current-schema", "schema-id": -1 });
    expect(currentFields(after)).toEqual([
      { id: 1, name: "customer_key", type: "string" },
      { id: 2, name: "sessions", type: "int" },
      { id: 3, name: "spend", type: "decimal(12,2)" },
      { id: 4, name: "churned", type: "boolean" },
      { id: 5, name: "region", type: "string" },
    ]);
    expect(after["last-column-id"]).toBe(5);
    expect(after.snapshots).toEqual(current.snapshots);
    expect(after.refs).toEqual(current.refs);
  });

  it("keeps the field id of a renamed column (matched by id, not name)", () => {
    const columns = withIds(COLUMNS).map((column) =>
      column.name === "churned" ? { ...column, name: "has_churned" } : column,
    );
    const { after } = commitOn(head(true), tableOf(columns));
    expect(currentFields(after)?.at(-1)).toEqual({ id: 4, name: "has_churned", type: "boolean" });
    expect(after["last-column-id"]).toBe(4);
  });

  it("keeps the field id of a widened type: int→long and a wider decimal", () => {
    const columns = withIds(COLUMNS).map((column) =>
      column.name === "sessions"
        ? { ...column, type: "long" }
        : column.name === "spend"
          ? { ...column, type: "decimal(18,2)" }
          : column,
    );
    const { after } = commitOn(head(true), tableOf(columns));
    expect(currentFields(after)?.slice(1, 3)).toEqual([
      { id: 2, name: "sessions", type: "long" },
      { id: 3, name: "spend", type: "decimal(18,2)" },
    ]);
  });

  it("commits nothing when the head already is the spec's table", () => {
    const { updates } = commitOn(head(true), tableOf(withIds(COLUMNS)));
    expect(updates).toEqual([]);
  });

  it("moves back to an earlier schema without adding it again", () => {
    const current = head(false);
    const added = commitOn(
      current,
      tableOf([...withIds(COLUMNS), { name: "x", type: "string", required: false }]),
    );
    const { updates, after } = commitOn(added.after, tableOf(withIds(COLUMNS)));
    expect(updates).toEqual([{ action: "set-current-schema", "schema-id": 0 }]);
    expect(after.schemas).toHaveLength(2);
  });

  it("adds a partition spec and a sort order and sets only the properties that changed", () => {
    const table = tableOf(withIds(COLUMNS), {
      partitionSpec: [
        { column: "customer_key", transform: "bucket[16]", name: "customer_key_bucket" },
      ],
      sortOrder: [{ column: "spend", direction: "desc", nullOrder: "nulls-last" }],
      properties: { "meshplane.domain": "payments", "meshplane.tier": "gold" },
    });
    const { updates, after } = commitOn(head(true), table);
    expect(updates.map((update: TableUpdate) => update.action)).toEqual([
      "add-spec",
      "set-default-spec",
      "add-sort-order",
      "set-default-sort-order",
      "set-properties",
    ]);
    expect(updates.at(-1)).toEqual({
      action: "set-properties",
      updates: { "meshplane.tier": "gold" },
    });
    const spec = after["partition-specs"].find((s) => s["spec-id"] === after["default-spec-id"]);
    expect(spec?.fields).toEqual([
      { "source-id": 1, "field-id": 1000, name: "customer_key_bucket", transform: "bucket[16]" },
    ]);
    expect(after["default-sort-order-id"]).toBe(1);
  });

  it("refuses, at the spec path, a change that is illegal once the table holds data", () => {
    const required = withIds(COLUMNS).map((column) =>
      column.name === "churned" ? { ...column, required: true } : column,
    );
    expect(() => deploymentCommit(tableOf(required), head(true), HEAD, 5_000)).toThrow(
      'table.columns[3].required: column "churned" cannot become required',
    );
    const narrowed = withIds(COLUMNS).map((column) =>
      column.name === "sessions" ? { ...column, type: "string" } : column,
    );
    expect(() => deploymentCommit(tableOf(narrowed), head(true), HEAD, 5_000)).toThrow(
      "table.columns[1].type",
    );
  });
});
