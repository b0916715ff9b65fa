/**
 * Iceberg table metadata (format version 2) for the local warehouse: the first version of a table
 * and each next version when the spec's table changes. Pure, and self-contained on purpose: the
 * LocalWarehouse dynamic provider captures these functions, and Pulumi serialises them into the
 * provider process, where no project module can be imported. So: no runtime imports here.
 *
 * Reference: https://iceberg.apache.org/spec/#table-metadata-fields and #schema-evolution.
 */

export interface IcebergColumnInput {
  name: string;
  /** Iceberg primitive type in its JSON form: `long`, `decimal(12,2)`, `fixed[16]`. */
  type: string;
  required: boolean;
  doc?: string;
}

export interface IcebergTableInput {
  columns: IcebergColumnInput[];
  /** `name` is the partition field's name (partitionFieldName in the contract, which this file cannot import). */
  partitionSpec: { column: string; transform: string; name: string }[];
  sortOrder: {
    column: string;
    direction: "asc" | "desc";
    nullOrder: "nulls-first" | "nulls-last";
  }[];
  properties: Record<string, string>;
}

export interface SchemaField {
  id: number;
  name: string;
  required: boolean;
  type: string;
  doc?: string;
}

export interface Schema {
  type: "struct";
  "schema-id": number;
  fields: SchemaField[];
}

export interface PartitionField {
  "source-id": number;
  "field-id": number;
  name: string;
  transform: string;
}

export interface PartitionSpec {
  "spec-id": number;
  fields: PartitionField[];
}

export interface SortField {
  transform: string;
  "source-id": number;
  direction: "asc" | "desc";
  "null-order": "nulls-first" | "nulls-last";
}

export interface SortOrder {
  "order-id": number;
  fields: SortField[];
}

/**
 * The fields Meshplane writes. Metadata read back may hold more (snapshots, refs, statistics
 * written by engines): those are carried over untouched into the next version.
 */
export interface TableMetadata {
  "format-version": 2;
  "table-uuid": string;
  location: string;
  "last-sequence-number": number;
  "last-updated-ms": number;
  "last-column-id": number;
  "current-schema-id": number;
  schemas: Schema[];
  "default-spec-id": number;
  "partition-specs": PartitionSpec[];
  "last-partition-id": number;
  "default-sort-order-id": number;
  "sort-orders": SortOrder[];
  properties: Record<string, string>;
  snapshots: unknown[];
  "snapshot-log": unknown[];
  "metadata-log": { "timestamp-ms": number; "metadata-file": string }[];
  [extra: string]: unknown;
}

/** Where the current version lives, so the next one can record it in its metadata-log. */
export interface CurrentVersion {
  metadata: TableMetadata;
  file: string;
}

export interface MetadataClock {
  nowMs: number;
  newUuid: () => string;
}

/** Partition field ids start at 1000 (spec: "partition field IDs ... start at 1000"). */
const PARTITION_ID_BASE = 1000;

/** Legal type promotions (spec: "Schema Evolution"), plus widening a decimal's precision. */
function isPromotion(from: string, to: string): boolean {
  if (from === "int" && to === "long") return true;
  if (from === "float" && to === "double") return true;
  const decimal = /^decimal\((\d+),\s*(\d+)\)$/;
  const a = decimal.exec(from);
  const b = decimal.exec(to);
  return a !== null && b !== null && a[2] === b[2] && Number(b[1]) > Number(a[1]);
}

function hasData(metadata: TableMetadata): boolean {
  return metadata.snapshots.length > 0;
}

function evolveField(
  column: IcebergColumnInput,
  old: SchemaField | undefined,
  nextId: () => number,
  withData: boolean,
): SchemaField {
  const doc = column.doc === undefined ? {} : { doc: column.doc };
  const base = { name: column.name, required: column.required, type: column.type, ...doc };
  if (old === undefined) {
    if (withData && column.required) {
      throw new Error(
        `column "${column.name}" cannot be added as required: the table already holds data (add it as optional)`,
      );
    }
    return { id: nextId(), ...base };
  }
  if (withData && column.required && !old.required) {
    throw new Error(
      `column "${column.name}" cannot become required: the table already holds data with nulls allowed`,
    );
  }
  if (old.type === column.type || isPromotion(old.type, column.type))
    return { id: old.id, ...base };
  if (withData) {
    throw new Error(
      `column "${column.name}" cannot change type from ${old.type} to ${column.type}: the table already holds data and only int→long, float→double and wider decimal precision are safe`,
    );
  }
  // No data yet: a changed column is a new column (a fresh id), which is always legal evolution.
  return { id: nextId(), ...base };
}

function sameFields(a: readonly SchemaField[], b: readonly SchemaField[]): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function nextSchema(
  table: IcebergTableInput,
  previous: TableMetadata | undefined,
): { schema: Schema; lastColumnId: number } {
  const current = previous?.schemas.find((s) => s["schema-id"] === previous["current-schema-id"]);
  const oldByName = new Map((current?.fields ?? []).map((field) => [field.name, field]));
  let lastColumnId = previous?.["last-column-id"] ?? 0;
  const nextId = (): number => ++lastColumnId;
  const withData = previous !== undefined && hasData(previous);
  const fields = table.columns.map((column) =>
    evolveField(column, oldByName.get(column.name), nextId, withData),
  );
  const existing = previous?.schemas.find((s) => sameFields(s.fields, fields));
  if (existing !== undefined) return { schema: existing, lastColumnId };
  const schemaId = Math.max(-1, ...(previous?.schemas ?? []).map((s) => s["schema-id"])) + 1;
  return { schema: { type: "struct", "schema-id": schemaId, fields }, lastColumnId };
}

function fieldIdOf(schema: Schema, column: string, role: string): number {
  const field = schema.fields.find((f) => f.name === column);
  if (field === undefined) throw new Error(`${role} column "${column}" is not in the table schema`);
  return field.id;
}

function samePartitioning(a: readonly PartitionField[], b: readonly PartitionField[]): boolean {
  const key = (f: PartitionField): string => `${f["source-id"]}:${f.transform}:${f.name}`;
  return (
    a.length === b.length &&
    a.every((field, i) => {
      const other = b[i];
      return other !== undefined && key(field) === key(other);
    })
  );
}

function nextPartitionSpec(
  table: IcebergTableInput,
  schema: Schema,
  previous: TableMetadata | undefined,
): { spec: PartitionSpec; lastPartitionId: number } {
  let lastPartitionId = previous?.["last-partition-id"] ?? PARTITION_ID_BASE - 1;
  const wanted: PartitionField[] = table.partitionSpec.map((field) => ({
    "source-id": fieldIdOf(schema, field.column, "partition"),
    "field-id": 0,
    name: field.name,
    transform: field.transform,
  }));
  const existing = previous?.["partition-specs"].find((s) => samePartitioning(s.fields, wanted));
  if (existing !== undefined) return { spec: existing, lastPartitionId };
  // A field an earlier spec already had (same source and transform) keeps its id, as Iceberg's
  // own spec evolution does, so its partition values stay comparable across specs.
  const known = (previous?.["partition-specs"] ?? []).flatMap((s) => s.fields);
  const fields = wanted.map((field) => {
    const same = known.find(
      (k) => k["source-id"] === field["source-id"] && k.transform === field.transform,
    );
    return { ...field, "field-id": same?.["field-id"] ?? ++lastPartitionId };
  });
  const specId =
    Math.max(-1, ...(previous?.["partition-specs"] ?? []).map((s) => s["spec-id"])) + 1;
  return { spec: { "spec-id": specId, fields }, lastPartitionId };
}

function nextSortOrder(
  table: IcebergTableInput,
  schema: Schema,
  previous: TableMetadata | undefined,
): SortOrder {
  const fields: SortField[] = table.sortOrder.map((field) => ({
    transform: "identity",
    "source-id": fieldIdOf(schema, field.column, "sort"),
    direction: field.direction,
    "null-order": field.nullOrder,
  }));
  const orders = previous?.["sort-orders"] ?? [];
  const existing = orders.find((o) => JSON.stringify(o.fields) === JSON.stringify(fields));
  if (existing !== undefined) return existing;
  // Order id 0 is reserved for "unsorted".
  if (fields.length === 0) return { "order-id": 0, fields: [] };
  return { "order-id": Math.max(0, ...orders.map((o) => o["order-id"])) + 1, fields };
}

function appendIfMissing<T>(list: readonly T[], item: T, same: (a: T) => boolean): T[] {
  return list.some(same) ? [...list] : [...list, item];
}

/**
 * The metadata the table should have for `table`, or `undefined` when `current` already says
 * exactly that (nothing to write). Never rewrites history: a change is a new version that keeps
 * every earlier schema, spec, sort order and snapshot, and logs the version it replaces.
 */
export function nextTableMetadata(
  table: IcebergTableInput,
  location: string,
  current: CurrentVersion | undefined,
  clock: MetadataClock,
): TableMetadata | undefined {
  const previous = current?.metadata;
  const { schema, lastColumnId } = nextSchema(table, previous);
  const { spec, lastPartitionId } = nextPartitionSpec(table, schema, previous);
  const order = nextSortOrder(table, schema, previous);
  const properties = { ...(previous?.properties ?? {}), ...table.properties };
  if (
    previous !== undefined &&
    previous["current-schema-id"] === schema["schema-id"] &&
    previous["default-spec-id"] === spec["spec-id"] &&
    previous["default-sort-order-id"] === order["order-id"] &&
    JSON.stringify(previous.properties) === JSON.stringify(properties)
  ) {
    return undefined;
  }
  const base: TableMetadata = previous ?? {
    "format-version": 2,
    "table-uuid": clock.newUuid(),
    location,
    "last-sequence-number": 0,
    "last-updated-ms": clock.nowMs,
    "last-column-id": 0,
    "current-schema-id": 0,
    schemas: [],
    "default-spec-id": 0,
    "partition-specs": [],
    "last-partition-id": PARTITION_ID_BASE - 1,
    "default-sort-order-id": 0,
    "sort-orders": [],
    properties: {},
    snapshots: [],
    "snapshot-log": [],
    "metadata-log": [],
  };
  const log =
    current === undefined
      ? base["metadata-log"]
      : [
          ...base["metadata-log"],
          { "timestamp-ms": base["last-updated-ms"], "metadata-file": current.file },
        ];
  return {
    ...base,
    "last-updated-ms": Math.max(clock.nowMs, base["last-updated-ms"]),
    "last-column-id": lastColumnId,
    "current-schema-id": schema["schema-id"],
    schemas: appendIfMissing(base.schemas, schema, (s) => s["schema-id"] === schema["schema-id"]),
    "default-spec-id": spec["spec-id"],
    "partition-specs": appendIfMissing(
      base["partition-specs"],
      spec,
      (s) => s["spec-id"] === spec["spec-id"],
    ),
    "last-partition-id": lastPartitionId,
    "default-sort-order-id": order["order-id"],
    "sort-orders": appendIfMissing(
      base["sort-orders"],
      order,
      (o) => o["order-id"] === order["order-id"],
    ),
    properties,
    "metadata-log": log,
  };
}
