/**
 * Iceberg table metadata (format version 2) for the local warehouse: the first version of a table
 * and each next version when the spec's table changes. Pure, and self-contained on purpose: the
 * LocalWarehouse dynamic provider captures these functions, and Pulumi serialises them into the
 * provider process, where no project module can be imported. So: no runtime imports here.
 *
 * Reference: https://iceberg.apache.org/spec/#table-metadata-fields and #schema-evolution.
 */

export interface IcebergColumnInput {
  /**
   * The spec column's Iceberg field id, when the spec carries one (contract/column-ids.ts). A
   * column with an id is the table's field of that id, whatever its name (a rename); one without
   * is the field of its name.
   */
  id?: number;
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

/** Parsed JSON as table metadata, or an error naming `file` when it is not format-version 2. */
export function asTableMetadata(value: unknown, file: string): TableMetadata {
  const ok =
    typeof value === "object" &&
    value !== null &&
    Reflect.get(value, "format-version") === 2 &&
    Array.isArray(Reflect.get(value, "schemas")) &&
    Array.isArray(Reflect.get(value, "partition-specs")) &&
    Array.isArray(Reflect.get(value, "sort-orders"));
  if (!ok) throw new Error(`${file} is not Iceberg format-version 2 table metadata`);
  // The lists the spec lets a writer omit when empty are read as empty; everything else is carried
  // over as it is (checked above for the fields this provider reads).
  const lists = Object.fromEntries(
    (["snapshots", "snapshot-log", "metadata-log"] as const).map((key) => {
      const list: unknown = Reflect.get(value, key);
      return [key, Array.isArray(list) ? list : []];
    }),
  );
  return { ...(value as TableMetadata), ...lists };
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

/**
 * Whether two type names are the same type: engines write `decimal(12, 2)` (pyiceberg) where the
 * spec says `decimal(12,2)`.
 */
function sameType(a: string, b: string): boolean {
  return a.replace(/\s+/g, "") === b.replace(/\s+/g, "");
}

function hasData(metadata: TableMetadata): boolean {
  return metadata.snapshots.length > 0;
}

/**
 * Refusals name the spec path of the column (`table.columns[2].type`), the path the contract's
 * compatibility classifier reports the same change at, so a deploy failure points at the field.
 */
function refuse(path: string, message: string): never {
  throw new Error(`${path}: ${message}`);
}

function evolveField(
  column: IcebergColumnInput,
  index: number,
  old: SchemaField | undefined,
  nextId: () => number,
  withData: boolean,
): SchemaField {
  const path = `table.columns[${index}]`;
  const doc = column.doc === undefined ? {} : { doc: column.doc };
  const base = { name: column.name, required: column.required, type: column.type, ...doc };
  if (old === undefined) {
    if (withData && column.required) {
      refuse(
        path,
        `column "${column.name}" cannot be added as required: the table already holds data (add it as optional)`,
      );
    }
    return { id: nextId(), ...base };
  }
  if (withData && column.required && !old.required) {
    refuse(
      `${path}.required`,
      `column "${column.name}" cannot become required: the table already holds data with nulls allowed`,
    );
  }
  // The same type keeps the table's spelling, so an unchanged column leaves the schema unchanged.
  if (sameType(old.type, column.type)) return { id: old.id, ...base, type: old.type };
  if (isPromotion(old.type, column.type)) return { id: old.id, ...base };
  if (withData) {
    refuse(
      `${path}.type`,
      `column "${column.name}" cannot change type from ${old.type} to ${column.type}: the table already holds data and only int→long, float→double and wider decimal precision are safe`,
    );
  }
  // No data yet: a changed column is a new column (a fresh id), which is always legal evolution.
  return { id: nextId(), ...base };
}

function sameFields(a: readonly SchemaField[], b: readonly SchemaField[]): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * The current schema's field each spec column is (undefined: a new column), by id first, then by
 * name among the fields no id claimed. An id the current schema does not hold is a new column's
 * id only when it is above `last-column-id` (Meshplane assigned it for this version); at or below,
 * it was the id of a column dropped since, and Iceberg never gives an id out twice.
 */
function matchFields(
  columns: readonly IcebergColumnInput[],
  current: readonly SchemaField[],
  lastColumnId: number,
): (SchemaField | undefined)[] {
  const claimed = new Set<number>();
  const byId = columns.map((column, index) => {
    if (column.id === undefined) return undefined;
    const field = current.find((f) => f.id === column.id);
    if (field !== undefined) claimed.add(field.id);
    else if (column.id <= lastColumnId) {
      refuse(
        `table.columns[${index}].id`,
        `column "${column.name}" has field id ${column.id}, which the table's current schema no longer holds (the column was dropped, maybe by an engine); a dropped column's id is never given out again: remove the id to add "${column.name}" as a new column`,
      );
    }
    return field;
  });
  return columns.map((column, index) => {
    if (column.id !== undefined) return byId[index];
    const field = current.find((f) => f.name === column.name && !claimed.has(f.id));
    if (field !== undefined) claimed.add(field.id);
    return field;
  });
}

function nextSchema(
  table: IcebergTableInput,
  previous: TableMetadata | undefined,
): { schema: Schema; lastColumnId: number } {
  const current = previous?.schemas.find((s) => s["schema-id"] === previous["current-schema-id"]);
  let lastColumnId = previous?.["last-column-id"] ?? 0;
  const matched = matchFields(table.columns, current?.fields ?? [], lastColumnId);
  // New columns that carry an id keep it (it is above last-column-id, see matchFields); the others
  // get ids above every id in use.
  const carried = table.columns.flatMap((column, index) =>
    matched[index] === undefined && column.id !== undefined ? [column.id] : [],
  );
  let nextFree = Math.max(lastColumnId, ...carried);
  const withData = previous !== undefined && hasData(previous);
  const fields = table.columns.map((column, index) => {
    const old = matched[index];
    const carriedId = old === undefined ? column.id : undefined;
    const nextId = (): number => carriedId ?? ++nextFree;
    return evolveField(column, index, old, nextId, withData);
  });
  lastColumnId = Math.max(lastColumnId, nextFree, ...fields.map((f) => f.id));
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
 * What a deploy-time writer (the local warehouse, the Azure metadata writer) writes next: the
 * table's first version, or `nextTableMetadata` of its current one, except once the table is in
 * Meshplane's catalog (`catalogOwned`): the catalog is then its only writer (settle commits the
 * spec's change there), and an existing table gets nothing from the deployment.
 */
export function deployedTableMetadata(
  table: IcebergTableInput,
  location: string,
  current: CurrentVersion | undefined,
  clock: MetadataClock,
  catalogOwned: boolean | undefined,
): TableMetadata | undefined {
  if (catalogOwned === true && current !== undefined) return undefined;
  return nextTableMetadata(table, location, current, clock);
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

/** A metadata file found next to the table: its name (no directory) and what it holds. */
export interface MetadataCandidate {
  name: string;
  metadata: TableMetadata;
}

const baseName = (file: string): string => file.slice(file.lastIndexOf("/") + 1);

/**
 * Which of the metadata files in a table's metadata directory is the table's current version: the
 * newest (by `last-updated-ms`) of those no other file lists in its `metadata-log`, that is, the
 * head that was committed last. Engines committing through their own catalog (pyiceberg's SQL
 * catalog, Spark's Hadoop catalog) write `<n>-<uuid>.metadata.json` files and never move
 * Meshplane's version hint, so the hint alone would miss their commits. `hint` (the name the
 * version hint points at) only breaks a tie. Undefined when there is no metadata at all.
 */
export function pickCurrentMetadata(
  candidates: readonly MetadataCandidate[],
  hint?: string,
): MetadataCandidate | undefined {
  const superseded = new Set(
    candidates.flatMap((c) => c.metadata["metadata-log"].map((e) => baseName(e["metadata-file"]))),
  );
  const heads = candidates.filter((c) => !superseded.has(c.name));
  const pool = heads.length > 0 ? heads : candidates;
  return pool.reduce<MetadataCandidate | undefined>((best, c) => {
    if (best === undefined) return c;
    const a = best.metadata["last-updated-ms"];
    const b = c.metadata["last-updated-ms"];
    if (b !== a) return b > a ? c : best;
    return c.name === hint ? c : best;
  }, undefined);
}

/**
 * Iceberg ids are 64-bit (snapshot ids are random longs, mostly above 2^53), which `JSON.parse`
 * would round: the metadata written back would point at snapshots that do not exist. So metadata
 * text is read with every integer beyond the safe range kept as a marked string, and written
 * back with the marks removed, digit for digit.
 */
const LONG_MARK = "@meshplane-long:";

export function parseMetadataText(text: string): unknown {
  let out = "";
  let inString = false;
  for (let i = 0; i < text.length;) {
    const char = text.charAt(i);
    if (inString) {
      out += char;
      if (char === "\\") {
        out += text.charAt(i + 1);
        i += 2;
        continue;
      }
      if (char === '"') inString = false;
      i += 1;
      continue;
    }
    if (char === '"') {
      inString = true;
      out += char;
      i += 1;
      continue;
    }
    const number = /^-?\d+(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i, i + 40));
    if (number !== null && /[-\d]/.test(char)) {
      const literal = number[0];
      const big =
        number[1] === undefined &&
        number[2] === undefined &&
        !Number.isSafeInteger(Number(literal));
      out += big ? `"${LONG_MARK}${literal}"` : literal;
      i += literal.length;
      continue;
    }
    out += char;
    i += 1;
  }
  return JSON.parse(out);
}

export function metadataText(metadata: TableMetadata): string {
  const marked = new RegExp(`"${LONG_MARK}(-?\\d+)"`, "g");
  return `${JSON.stringify(metadata, null, 2).replace(marked, "$1")}\n`;
}
