/**
 * The Iceberg table-metadata model (format version 2) as the REST catalog speaks it, with zod
 * schemas for what engines send: schemas, partition specs, sort orders, snapshots, refs. Fields
 * this model does not name (statistics, nested column types, snapshot summaries) are kept as they
 * came. Pure, shared by the catalog service and the metadata writers.
 *
 * Reference: https://iceberg.apache.org/spec/#table-metadata-fields and the REST catalog spec's
 * TableMetadata, Schema, PartitionSpec, SortOrder, Snapshot and SnapshotReference.
 */
import { z } from "zod";
import type { JsonLong } from "./json";

/**
 * An integer field that may be a 64-bit long (parsed by parseJsonLossless as a bigint): within a
 * signed 64-bit long, what every engine reads it as (a larger id would break the table for them).
 */
export const Long = z.union([
  z.number().int(),
  z
    .bigint()
    .min(-(2n ** 63n), "must be a 64-bit long")
    .max(2n ** 63n - 1n, "must be a 64-bit long"),
]);

const PROTO_REFUSED = "__proto__ cannot name a property or a ref";

/**
 * A name keying a JSON map (a property, a ref): `__proto__` is refused, as a JavaScript object
 * would take it for its prototype (and zod's record skips it): the entry would vanish unsaid.
 */
export const MapKey = z.string().refine((key) => key !== "__proto__", PROTO_REFUSED);

const WithoutProtoKey = z.unknown().superRefine((value, context) => {
  if (typeof value === "object" && value !== null && Object.hasOwn(value, "__proto__"))
    context.addIssue({ code: "custom", message: PROTO_REFUSED, path: ["__proto__"] });
});

/** A JSON object of `value`s keyed by MapKey names. */
export function jsonMap<V extends z.ZodType>(value: V) {
  return WithoutProtoKey.pipe(z.record(z.string(), value));
}

export const IcebergField = z.looseObject({
  id: z.number().int().nonnegative(),
  name: z.string().min(1),
  required: z.boolean(),
  /** A primitive type name or a nested struct/list/map object. */
  type: z.union([z.string().min(1), z.looseObject({ type: z.string() })]),
  doc: z.string().optional(),
});
export type IcebergField = z.infer<typeof IcebergField>;

export const IcebergSchema = z.looseObject({
  type: z.literal("struct"),
  "schema-id": z.number().int().optional(),
  "identifier-field-ids": z.array(z.number().int()).optional(),
  fields: z.array(IcebergField),
});
export type IcebergSchema = z.infer<typeof IcebergSchema>;

export const PartitionField = z.looseObject({
  "field-id": z.number().int().optional(),
  "source-id": z.number().int(),
  name: z.string().min(1),
  transform: z.string().min(1),
});
export const PartitionSpec = z.looseObject({
  "spec-id": z.number().int().optional(),
  fields: z.array(PartitionField),
});
export type PartitionSpec = z.infer<typeof PartitionSpec>;

export const SortField = z.looseObject({
  "source-id": z.number().int(),
  transform: z.string().min(1),
  direction: z.enum(["asc", "desc"]),
  "null-order": z.enum(["nulls-first", "nulls-last"]),
});
export const SortOrder = z.looseObject({
  "order-id": z.number().int().nonnegative(),
  fields: z.array(SortField),
});
export type SortOrder = z.infer<typeof SortOrder>;

export const Snapshot = z.looseObject({
  "snapshot-id": Long,
  "parent-snapshot-id": Long.optional(),
  "sequence-number": z.number().int().nonnegative().optional(),
  "timestamp-ms": z.number().int(),
  "manifest-list": z.string().min(1),
  summary: z.looseObject({ operation: z.string() }),
  "schema-id": z.number().int().optional(),
});
export type Snapshot = z.infer<typeof Snapshot>;

export const SnapshotRef = z.looseObject({
  type: z.enum(["branch", "tag"]),
  "snapshot-id": Long,
  "max-ref-age-ms": Long.optional(),
  "max-snapshot-age-ms": Long.optional(),
  "min-snapshots-to-keep": z.number().int().optional(),
});
export type SnapshotRef = z.infer<typeof SnapshotRef>;

/** Schemas and specs as stored in metadata: their ids are always set. */
export type StoredSchema = IcebergSchema & { "schema-id": number };
export type StoredSpec = PartitionSpec & {
  "spec-id": number;
  fields: (z.infer<typeof PartitionField> & { "field-id": number })[];
};

export interface TableMetadata {
  "format-version": 1 | 2;
  "table-uuid": string;
  location: string;
  "last-sequence-number": number;
  "last-updated-ms": number;
  "last-column-id": number;
  schemas: StoredSchema[];
  "current-schema-id": number;
  "partition-specs": StoredSpec[];
  "default-spec-id": number;
  "last-partition-id": number;
  properties: Record<string, string>;
  "current-snapshot-id"?: JsonLong;
  snapshots: Snapshot[];
  "snapshot-log": { "snapshot-id": JsonLong; "timestamp-ms": number }[];
  "metadata-log": { "metadata-file": string; "timestamp-ms": number }[];
  "sort-orders": SortOrder[];
  "default-sort-order-id": number;
  refs: Record<string, SnapshotRef>;
  [extra: string]: unknown;
}

/**
 * Stored metadata read back (from the catalog's database or a metadata file): checked for the
 * fields the catalog relies on, the rest carried over.
 */
export const StoredTableMetadata = z.looseObject({
  "format-version": z.union([z.literal(1), z.literal(2)]),
  "table-uuid": z.string().min(1),
  location: z.string().min(1),
  "last-sequence-number": z.number().int().nonnegative().default(0),
  "last-updated-ms": z.number().int(),
  "last-column-id": z.number().int(),
  schemas: z.array(IcebergSchema.extend({ "schema-id": z.number().int() })),
  "current-schema-id": z.number().int(),
  "partition-specs": z.array(
    PartitionSpec.extend({
      "spec-id": z.number().int(),
      fields: z.array(PartitionField.extend({ "field-id": z.number().int() })),
    }),
  ),
  "default-spec-id": z.number().int(),
  "last-partition-id": z.number().int(),
  properties: jsonMap(z.string()).default({}),
  "current-snapshot-id": Long.optional(),
  snapshots: z.array(Snapshot).default([]),
  "snapshot-log": z
    .array(z.looseObject({ "snapshot-id": Long, "timestamp-ms": z.number().int() }))
    .default([]),
  "metadata-log": z
    .array(z.looseObject({ "metadata-file": z.string(), "timestamp-ms": z.number().int() }))
    .default([]),
  "sort-orders": z.array(SortOrder),
  "default-sort-order-id": z.number().int(),
  refs: jsonMap(SnapshotRef).default({}),
});

/** Parses stored metadata; `current-snapshot-id` -1 (Java's "none") becomes absent. */
export function readTableMetadata(value: unknown): TableMetadata {
  const parsed = StoredTableMetadata.parse(value);
  const current = parsed["current-snapshot-id"];
  if (current !== undefined && BigInt(current) === -1n) {
    const { "current-snapshot-id": _none, ...rest } = parsed;
    return rest;
  }
  return parsed;
}

/** Partition field ids start at 1000 (spec: "partition field IDs ... start at 1000"). */
export const PARTITION_ID_BASE = 1000;

/** The highest field id a type uses, nested struct, list and map ids included. */
function maxIdOfType(type: unknown): number {
  if (typeof type !== "object" || type === null) return 0;
  const record = type as Record<string, unknown>;
  const ids: number[] = [0];
  for (const key of ["element-id", "key-id", "value-id"]) {
    const id = record[key];
    if (typeof id === "number") ids.push(id);
  }
  for (const key of ["element", "key", "value"]) ids.push(maxIdOfType(record[key]));
  const fields = record.fields;
  if (Array.isArray(fields)) {
    for (const field of fields as unknown[]) {
      if (typeof field !== "object" || field === null) continue;
      const id = (field as Record<string, unknown>).id;
      if (typeof id === "number") ids.push(id);
      ids.push(maxIdOfType((field as Record<string, unknown>).type));
    }
  }
  return Math.max(...ids);
}

/** The schema `current-schema-id` names; undefined when the metadata does not list it. */
export function currentSchema(metadata: TableMetadata): StoredSchema | undefined {
  return metadata.schemas.find((schema) => schema["schema-id"] === metadata["current-schema-id"]);
}

/** The highest column id a schema assigns (what `last-column-id` must be at least). */
export function maxColumnId(schema: IcebergSchema): number {
  return maxIdOfType(schema);
}

/** `<n>-<uuid>.metadata.json`, the name Iceberg's own catalogs give metadata versions. */
export function metadataFileName(version: number, uuid: string): string {
  return `${String(version).padStart(5, "0")}-${uuid}.metadata.json`;
}
