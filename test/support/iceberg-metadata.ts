/**
 * Iceberg table metadata, format version 2, as a zod schema written from the table spec
 * (https://iceberg.apache.org/spec/#table-metadata-fields, #schemas, #partition-specs,
 * #sort-orders), independent of the code that writes it: tests parse what the local warehouse
 * wrote with it. Primitive types only (what Meshplane specs declare); strict objects, so a field
 * name spelt wrong fails.
 */
import { z } from "zod";

const PRIMITIVE =
  /^(boolean|int|long|float|double|date|time|timestamp|timestamptz|string|uuid|binary|decimal\(\d+,\s*\d+\)|fixed\[\d+\])$/;
const TRANSFORM = /^(identity|year|month|day|hour|void|bucket\[\d+\]|truncate\[\d+\])$/;

const Id = z.int().nonnegative();

export const IcebergField = z.strictObject({
  id: z.int().positive(),
  name: z.string().min(1),
  required: z.boolean(),
  type: z.string().regex(PRIMITIVE),
  doc: z.string().optional(),
});

export const IcebergSchema = z.strictObject({
  type: z.literal("struct"),
  "schema-id": Id,
  "identifier-field-ids": z.array(z.int()).optional(),
  fields: z.array(IcebergField),
});

export const IcebergPartitionSpec = z.strictObject({
  "spec-id": Id,
  fields: z.array(
    z.strictObject({
      "source-id": z.int().positive(),
      "field-id": z.int().min(1000),
      name: z.string().min(1),
      transform: z.string().regex(TRANSFORM),
    }),
  ),
});

export const IcebergSortOrder = z.strictObject({
  "order-id": Id,
  fields: z.array(
    z.strictObject({
      transform: z.string().regex(TRANSFORM),
      "source-id": z.int().positive(),
      direction: z.enum(["asc", "desc"]),
      "null-order": z.enum(["nulls-first", "nulls-last"]),
    }),
  ),
});

export const IcebergTableMetadataV2 = z
  .strictObject({
    "format-version": z.literal(2),
    "table-uuid": z.uuid(),
    location: z.string().min(1),
    "last-sequence-number": z.int().nonnegative(),
    "last-updated-ms": z.int().positive(),
    "last-column-id": z.int().nonnegative(),
    schemas: z.array(IcebergSchema).min(1),
    "current-schema-id": Id,
    "partition-specs": z.array(IcebergPartitionSpec).min(1),
    "default-spec-id": Id,
    "last-partition-id": z.int().min(999),
    properties: z.record(z.string(), z.string()).optional(),
    "current-snapshot-id": z.int().nullable().optional(),
    snapshots: z.array(z.unknown()).optional(),
    "snapshot-log": z.array(z.unknown()).optional(),
    "metadata-log": z
      .array(z.strictObject({ "timestamp-ms": z.int().positive(), "metadata-file": z.string() }))
      .optional(),
    "sort-orders": z.array(IcebergSortOrder).min(1),
    "default-sort-order-id": Id,
    refs: z.record(z.string(), z.unknown()).optional(),
    statistics: z.array(z.unknown()).optional(),
  })
  .superRefine((metadata, ctx) => {
    const schemaIds = metadata.schemas.map((s) => s["schema-id"]);
    if (!schemaIds.includes(metadata["current-schema-id"])) {
      ctx.addIssue({ code: "custom", message: "current-schema-id names no schema" });
    }
    if (!metadata["partition-specs"].some((s) => s["spec-id"] === metadata["default-spec-id"])) {
      ctx.addIssue({ code: "custom", message: "default-spec-id names no partition spec" });
    }
    if (!metadata["sort-orders"].some((o) => o["order-id"] === metadata["default-sort-order-id"])) {
      ctx.addIssue({ code: "custom", message: "default-sort-order-id names no sort order" });
    }
    const fieldIds = metadata.schemas.flatMap((s) => s.fields.map((f) => f.id));
    if (Math.max(0, ...fieldIds) > metadata["last-column-id"]) {
      ctx.addIssue({ code: "custom", message: "a field id is above last-column-id" });
    }
    const partitionIds = metadata["partition-specs"].flatMap((s) =>
      s.fields.map((f) => f["field-id"]),
    );
    if (Math.max(999, ...partitionIds) > metadata["last-partition-id"]) {
      ctx.addIssue({ code: "custom", message: "a partition field id is above last-partition-id" });
    }
  });
export type IcebergTableMetadataV2 = z.infer<typeof IcebergTableMetadataV2>;
