/**
 * The LocalWarehouse provider against a real temp directory: the exact Iceberg metadata it writes,
 * validated with an Iceberg v2 schema written from the spec; schema evolution as new versions
 * that never rewrite earlier ones; delete leaving the data in place.
 */
import { mkdtemp, readFile, readdir, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { parseDataProductSpec, type TableSpec } from "#contract";
import type { IcebergTableInput } from "#components/local/iceberg-metadata";
import { icebergTableInput } from "#components/local/table-input";
import {
  localWarehouseProvider as provider,
  type LocalWarehouseInputs,
  type LocalWarehouseOutputs,
} from "#components/local/warehouse-provider";
import { IcebergTableMetadataV2 } from "#test/support/iceberg-metadata";
import { exampleInput } from "#test/support/specs";

const PROPERTIES = { "meshplane.domain": "sandbox", "meshplane.product": "churn-experiments" };

function churnTable(change?: (table: TableSpec) => void): IcebergTableInput {
  const parsed = parseDataProductSpec(exampleInput("churn-experiments.yaml"));
  if (!parsed.success) throw new Error("the example must parse");
  const table = structuredClone(parsed.spec.table);
  change?.(table);
  return icebergTableInput(table, PROPERTIES);
}

let root: string;
let directory: string;
let metadataDir: string;

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), "meshplane-warehouse-"));
  directory = join(root, "sandbox", "churn-experiments", "dev");
  metadataDir = join(directory, "metadata");
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

function inputs(table: IcebergTableInput): LocalWarehouseInputs {
  return { root, path: "sandbox/churn-experiments/dev", table };
}

async function metadataVersion(version: number): Promise<IcebergTableMetadataV2> {
  const text = await readFile(join(metadataDir, `v${version}.metadata.json`), "utf8");
  return IcebergTableMetadataV2.parse(JSON.parse(text));
}

async function hint(): Promise<string> {
  return readFile(join(metadataDir, "version-hint.text"), "utf8");
}

const location = (): string => pathToFileURL(directory).href;
const fileOf = (version: number): string =>
  pathToFileURL(join(metadataDir, `v${version}.metadata.json`)).href;

const V1_FIELDS = [
  { id: 1, name: "customer_key", required: true, type: "string" },
  { id: 2, name: "feature_date", required: true, type: "date" },
  { id: 3, name: "sessions_30d", required: false, type: "int" },
  { id: 4, name: "spend_90d", required: false, type: "decimal(12,2)" },
  { id: 5, name: "churned", required: false, type: "boolean" },
];

async function create(table = churnTable()): Promise<LocalWarehouseOutputs> {
  const result = await provider.create(inputs(table));
  expect(result.id).toBe(directory);
  if (result.outs === undefined) throw new Error("create returned no outputs");
  return result.outs;
}

describe("create", () => {
  it("writes v1.metadata.json and version-hint.text for the spec's table", async () => {
    const outs = await create();
    const v1 = await metadataVersion(1);
    expect(v1).toEqual({
      "format-version": 2,
      "table-uuid": outs.tableUuid,
      location: location(),
      "last-sequence-number": 0,
      "last-updated-ms": v1["last-updated-ms"],
      "last-column-id": 5,
      "current-schema-id": 0,
      schemas: [{ type: "struct", "schema-id": 0, fields: V1_FIELDS }],
      "default-spec-id": 0,
      "partition-specs": [
        {
          "spec-id": 0,
          fields: [
            { "source-id": 2, "field-id": 1000, name: "feature_date_month", transform: "month" },
          ],
        },
      ],
      "last-partition-id": 1000,
      "default-sort-order-id": 0,
      "sort-orders": [{ "order-id": 0, fields: [] }],
      properties: PROPERTIES,
      snapshots: [],
      "snapshot-log": [],
      "metadata-log": [],
    });
    expect(outs).toEqual({
      ...inputs(churnTable()),
      directory,
      storageUri: location(),
      metadataLocation: fileOf(1),
      metadataVersion: 1,
      tableUuid: v1["table-uuid"],
    });
    expect(await hint()).toBe("1\n");
    expect((await readdir(directory)).sort()).toEqual(["data", "metadata"]);
  });

  it("refuses a relative root", async () => {
    await expect(
      provider.create({ ...inputs(churnTable()), root: "relative/warehouse" }),
    ).rejects.toThrow('LocalWarehouse root must be an absolute path, got "relative/warehouse"');
  });

  it("adopts an existing table unchanged (re-create after a destroy keeps its identity)", async () => {
    const first = await create();
    const again = await create();
    expect(again).toEqual(first);
    expect(await readdir(metadataDir)).toEqual(["v1.metadata.json", "version-hint.text"]);
  });
});

describe("update", () => {
  it("writes the next version for a schema change and leaves v1 byte for byte", async () => {
    const outs = await create();
    const v1Text = await readFile(join(metadataDir, "v1.metadata.json"), "utf8");
    const evolved = churnTable((table) => {
      table.columns = table.columns.filter((column) => column.name !== "churned");
      const sessions = table.columns.find((column) => column.name === "sessions_30d");
      if (sessions) sessions.type = "long";
      table.columns.push({ name: "segment", type: "string", required: false, pii: false });
    });
    const diff = await provider.diff?.(outs.directory, outs, inputs(evolved));
    expect(diff).toEqual({ changes: true, replaces: [] });
    const updated = await provider.update?.(outs.directory, outs, inputs(evolved));

    expect(await readFile(join(metadataDir, "v1.metadata.json"), "utf8")).toBe(v1Text);
    expect(await hint()).toBe("2\n");
    const v1 = await metadataVersion(1);
    const v2 = await metadataVersion(2);
    expect(v2["table-uuid"]).toBe(v1["table-uuid"]);
    expect(v2["last-column-id"]).toBe(6);
    expect(v2["current-schema-id"]).toBe(1);
    expect(v2.schemas).toEqual([
      { type: "struct", "schema-id": 0, fields: V1_FIELDS },
      {
        type: "struct",
        "schema-id": 1,
        fields: [
          { id: 1, name: "customer_key", required: true, type: "string" },
          { id: 2, name: "feature_date", required: true, type: "date" },
          { id: 3, name: "sessions_30d", required: false, type: "long" },
          { id: 4, name: "spend_90d", required: false, type: "decimal(12,2)" },
          { id: 6, name: "segment", required: false, type: "string" },
        ],
      },
    ]);
    expect(v2["partition-specs"]).toEqual(v1["partition-specs"]);
    expect(v2["metadata-log"]).toEqual([
      { "timestamp-ms": v1["last-updated-ms"], "metadata-file": fileOf(1) },
    ]);
    expect(updated?.outs?.metadataLocation).toBe(fileOf(2));
    expect(updated?.outs?.metadataVersion).toBe(2);
  });

  it("makes no new version when nothing changed", async () => {
    const outs = await create();
    expect(await provider.diff?.(outs.directory, outs, inputs(churnTable()))).toEqual({
      changes: false,
      replaces: [],
    });
    const updated = await provider.update?.(outs.directory, outs, inputs(churnTable()));
    expect(updated?.outs).toEqual(outs);
    expect(await readdir(metadataDir)).toEqual(["v1.metadata.json", "version-hint.text"]);
  });

  it("replaces when the root or the path changes", async () => {
    const outs = await create();
    const moved = { ...inputs(churnTable()), path: "sandbox/churn-experiments/prod" };
    expect(await provider.diff?.(outs.directory, outs, moved)).toEqual({
      changes: true,
      replaces: ["path"],
    });
  });

  it("builds on a version an engine wrote and refuses unsafe changes once data exists", async () => {
    await create();
    const v1 = await metadataVersion(1);
    // What an engine's first commit looks like: v2 with a snapshot, hint moved.
    const snapshot = {
      "snapshot-id": 42,
      "sequence-number": 1,
      "timestamp-ms": 1,
      "manifest-list": "x",
      summary: { operation: "append" },
      "schema-id": 0,
    };
    await writeFile(
      join(metadataDir, "v2.metadata.json"),
      JSON.stringify({
        ...v1,
        "last-sequence-number": 1,
        "current-snapshot-id": 42,
        snapshots: [snapshot],
      }),
    );
    await writeFile(join(metadataDir, "version-hint.text"), "2\n");

    const retyped = churnTable((table) => {
      const churned = table.columns.find((column) => column.name === "churned");
      if (churned) churned.type = "string";
    });
    await expect(provider.create(inputs(retyped))).rejects.toThrow(
      'column "churned" cannot change type from boolean to string: the table already holds data and only int→long, float→double and wider decimal precision are safe',
    );

    const added = churnTable((table) => {
      table.columns.push({ name: "region", type: "string", required: false, pii: false });
    });
    const outs = await provider.create(inputs(added));
    const v3 = await metadataVersion(3);
    expect(outs.outs?.metadataVersion).toBe(3);
    expect(v3.snapshots).toEqual([snapshot]);
    expect(v3["current-snapshot-id"]).toBe(42);
    expect(v3["last-sequence-number"]).toBe(1);
    expect(v3["metadata-log"]).toEqual([
      { "timestamp-ms": v1["last-updated-ms"], "metadata-file": fileOf(2) },
    ]);
  });
});

describe("the current metadata is what the last commit made current", () => {
  /** What pyiceberg's SQL catalog writes on an append: `<n>-<uuid>.metadata.json`, hint untouched. */
  async function engineAppend(): Promise<{ file: string; snapshot: Record<string, unknown> }> {
    const v1 = await metadataVersion(1);
    const snapshot = {
      "snapshot-id": 7,
      "sequence-number": 1,
      "timestamp-ms": v1["last-updated-ms"] + 10,
      "manifest-list": `${location()}/metadata/snap-7.avro`,
      summary: { operation: "append" },
      "schema-id": 0,
    };
    const name = "00000-5b1c6a3e-9d7f-4f63-8a57-0d6f1f1f2a10.metadata.json";
    await writeFile(
      join(metadataDir, name),
      JSON.stringify({
        ...v1,
        "last-updated-ms": v1["last-updated-ms"] + 10,
        "last-sequence-number": 1,
        "current-snapshot-id": 7,
        snapshots: [snapshot],
        "snapshot-log": [{ "timestamp-ms": snapshot["timestamp-ms"], "snapshot-id": 7 }],
        refs: { main: { "snapshot-id": 7, type: "branch" } },
        "metadata-log": [{ "timestamp-ms": v1["last-updated-ms"], "metadata-file": fileOf(1) }],
      }),
    );
    return { file: pathToFileURL(join(metadataDir, name)).href, snapshot };
  }

  it("an update builds on an engine's commit the version hint does not name", async () => {
    const outs = await create();
    const engine = await engineAppend();
    expect(await hint()).toBe("1\n");
    const added = churnTable((table) => {
      table.columns.push({ name: "region", type: "string", required: false, pii: false });
    });
    const updated = await provider.update?.(outs.directory, outs, inputs(added));
    const v2 = await metadataVersion(2);
    expect(updated?.outs?.metadataLocation).toBe(fileOf(2));
    expect(v2.snapshots).toEqual([engine.snapshot]);
    expect(v2["current-snapshot-id"]).toBe(7);
    expect(v2.refs).toEqual({ main: { "snapshot-id": 7, type: "branch" } });
    expect(v2["snapshot-log"]).toEqual([
      { "timestamp-ms": engine.snapshot["timestamp-ms"], "snapshot-id": 7 },
    ]);
    expect(v2["metadata-log"]?.map((entry) => entry["metadata-file"])).toEqual([
      fileOf(1),
      engine.file,
    ]);
    expect(v2.schemas.at(-1)?.fields.at(-1)).toEqual({
      id: 6,
      name: "region",
      required: false,
      type: "string",
    });
  });

  it("an unchanged spec reports the engine's file as the table's metadata and writes nothing", async () => {
    const outs = await create();
    const engine = await engineAppend();
    const updated = await provider.update?.(outs.directory, outs, inputs(churnTable()));
    expect(updated?.outs?.metadataLocation).toBe(engine.file);
    expect(updated?.outs?.metadataVersion).toBe(1);
    expect((await readdir(metadataDir)).filter((name) => name.startsWith("v"))).toEqual([
      "v1.metadata.json",
      "version-hint.text",
    ]);
  });

  it("refuses an unsafe change at the spec path once an engine committed data", async () => {
    const outs = await create();
    await engineAppend();
    const required = churnTable((table) => {
      const churned = table.columns.find((column) => column.name === "churned");
      if (churned) churned.required = true;
    });
    await expect(provider.update?.(outs.directory, outs, inputs(required))).rejects.toThrow(
      'table.columns[4].required: column "churned" cannot become required',
    );
  });

  describe("catalog-owned (the table is in Meshplane's Iceberg REST catalog)", () => {
    const owned = (table: IcebergTableInput): LocalWarehouseInputs => ({
      ...inputs(table),
      catalogOwned: true,
    });
    const withRegion = () =>
      churnTable((table) => {
        table.columns.push({ name: "region", type: "string", required: false, pii: false });
      });

    it("writes no metadata on a schema change and outputs the catalog's head (an engine's commit)", async () => {
      const outs = await create();
      const engine = await engineAppend();
      const before = await readdir(metadataDir);
      const updated = await provider.update?.(outs.directory, outs, owned(withRegion()));
      expect(await readdir(metadataDir)).toEqual(before);
      expect(await hint()).toBe("1\n");
      expect(updated?.outs?.metadataLocation).toBe(engine.file);
      expect(updated?.outs?.metadataVersion).toBe(1);
      expect(updated?.outs?.tableUuid).toBe(outs.tableUuid);
    });

    it("still writes the first metadata when the table has none", async () => {
      const result = await provider.create(owned(churnTable()));
      expect(result.outs?.metadataLocation).toBe(fileOf(1));
      expect(await readdir(metadataDir)).toEqual(["v1.metadata.json", "version-hint.text"]);
    });
  });
});

describe("delete", () => {
  it("leaves the warehouse directory and its metadata in place", async () => {
    const outs = await create();
    await writeFile(join(directory, "data", "part-0.parquet"), "data");
    await provider.delete?.(outs.directory, outs);
    expect((await stat(directory)).isDirectory()).toBe(true);
    expect(await readdir(metadataDir)).toEqual(["v1.metadata.json", "version-hint.text"]);
    expect(await readFile(join(directory, "data", "part-0.parquet"), "utf8")).toBe("data");
  });
});
