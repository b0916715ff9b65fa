/** The Iceberg table a data product publishes: columns, partition spec and sort order. */
import { z } from "zod";
import {
  ICEBERG_TYPE_PATTERN,
  PARTITION_TRANSFORM_PATTERN,
  formatIcebergType,
  isTimeTransform,
  parseIcebergType,
  parsePartitionTransform,
  partitionFieldName,
  transformAcceptedTypes,
  transformAppliesTo,
  type IcebergType,
  type ParseResult,
  type PartitionTransform,
} from "./iceberg";

/**
 * A string in one of the compact Iceberg notations. The pattern is kept on the schema so the
 * published JSON Schema helps editors; the parser gives the precise reason when it fails.
 */
function parsedString(pattern: string, parse: (text: string) => ParseResult<unknown>) {
  const regex = new RegExp(pattern);
  return z
    .string()
    .superRefine((text, ctx) => {
      const result = parse(text);
      if (!result.ok) ctx.addIssue({ code: "custom", message: result.reason });
    })
    .meta({ pattern: regex.source });
}

/** snake_case keeps names valid in Glue (lower-cases everything) and BigQuery alike. */
const COLUMN_NAME = /^[a-z_][a-z0-9_]*$/;
export const MAX_COLUMNS = 500;

export const ColumnSpec = z
  .strictObject({
    id: z
      .int("a column id is a whole number")
      .min(1, "a column id is a positive whole number")
      .optional()
      .describe(
        "Iceberg field id, assigned by Meshplane and kept for life: keep it to rename the column. Leave it out on new columns.",
      ),
    name: z
      .string()
      .max(128, "column names are at most 128 characters")
      .regex(
        COLUMN_NAME,
        "use snake_case: lowercase letters, digits and _, not starting with a digit",
      )
      .describe("Column name in snake_case."),
    type: parsedString(ICEBERG_TYPE_PATTERN, parseIcebergType).describe(
      "Iceberg primitive type, e.g. long, string, timestamptz, decimal(12,2), fixed[16].",
    ),
    required: z.boolean().default(false).describe("true when the column can never be null."),
    doc: z.string().max(1024).optional().describe("What the column means, for consumers."),
    pii: z
      .boolean()
      .default(false)
      .describe("true when the column holds personal data; needs confidential or restricted."),
  })
  .describe("One column of the Iceberg table.");
export type ColumnSpec = z.infer<typeof ColumnSpec>;

/**
 * A column's parsed Iceberg type: the one mapping from the spec's column to Iceberg, used by the
 * components that write the table and by whoever compares a table with its spec. The contract
 * has accepted the spec already, so a parse error here means a caller skipped it.
 */
export function columnType(column: Pick<ColumnSpec, "name" | "type">): IcebergType {
  const result = parseIcebergType(column.type);
  if (!result.ok) throw new Error(`column ${column.name}: ${result.reason}`);
  return result.value;
}

/** The column's type as Iceberg writes it, e.g. `decimal(12,2)`. */
export function icebergTypeName(column: Pick<ColumnSpec, "name" | "type">): string {
  return formatIcebergType(columnType(column));
}

export const PartitionFieldSpec = z.strictObject({
  column: z.string().describe("Source column of the partition field."),
  transform: parsedString(PARTITION_TRANSFORM_PATTERN, parsePartitionTransform).describe(
    "identity, year, month, day, hour, bucket[N], truncate[W] or void.",
  ),
});
export type PartitionFieldSpec = z.infer<typeof PartitionFieldSpec>;

export const SortFieldSpec = z.strictObject({
  column: z.string(),
  direction: z.enum(["asc", "desc"]).default("asc"),
  nullOrder: z.enum(["nulls-first", "nulls-last"]).default("nulls-last"),
});
export type SortFieldSpec = z.infer<typeof SortFieldSpec>;

export const TableSpec = z
  .strictObject({
    formatVersion: z
      .literal(2, "Meshplane creates Iceberg format version 2 tables; set formatVersion: 2")
      .default(2),
    columns: z
      .array(ColumnSpec)
      .min(1, "a table needs at least one column")
      .max(MAX_COLUMNS, `a table has at most ${MAX_COLUMNS} columns`),
    partitionSpec: z.array(PartitionFieldSpec).default([]),
    sortOrder: z.array(SortFieldSpec).default([]),
  })
  .superRefine((table, ctx) => {
    const types = columnTypes(table.columns);
    checkUniqueColumns(table.columns, ctx);
    checkPartitionSpec(table.partitionSpec, types, ctx);
    checkSortOrder(table.sortOrder, types, ctx);
  })
  .describe("The Iceberg table the product publishes.");
export type TableSpec = z.infer<typeof TableSpec>;

type Ctx = z.RefinementCtx;

function columnTypes(columns: readonly ColumnSpec[]): Map<string, IcebergType | null> {
  const types = new Map<string, IcebergType | null>();
  for (const column of columns) {
    const parsed = parseIcebergType(column.type);
    types.set(column.name, parsed.ok ? parsed.value : null);
  }
  return types;
}

function unknownColumnMessage(role: string, name: string, types: Map<string, unknown>): string {
  return `${role} column "${name}" is not a column of this table (columns: ${[...types.keys()].join(", ")})`;
}

/** Reports every column whose `field` repeats an earlier column's, pointing at the first one. */
function checkUnique<K extends "name" | "id">(
  columns: readonly ColumnSpec[],
  field: K,
  message: (value: NonNullable<ColumnSpec[K]>, earlier: number) => string,
  ctx: Ctx,
): void {
  const firstIndex = new Map<NonNullable<ColumnSpec[K]>, number>();
  columns.forEach((column, index) => {
    const value = column[field];
    if (value === undefined) return;
    const earlier = firstIndex.get(value);
    if (earlier === undefined) {
      firstIndex.set(value, index);
      return;
    }
    ctx.addIssue({
      code: "custom",
      path: ["columns", index, field],
      message: message(value, earlier),
    });
  });
}

function checkUniqueColumns(columns: readonly ColumnSpec[], ctx: Ctx): void {
  checkUnique(
    columns,
    "name",
    (name, earlier) => `column "${name}" is declared twice (first at columns[${earlier}])`,
    ctx,
  );
  checkUnique(
    columns,
    "id",
    (id, earlier) =>
      `column id ${id} is already the id of columns[${earlier}]; each column keeps its own id`,
    ctx,
  );
}

function checkPartitionSpec(
  fields: readonly PartitionFieldSpec[],
  types: Map<string, IcebergType | null>,
  ctx: Ctx,
): void {
  const seen = new Set<string>();
  fields.forEach((field, index) => {
    if (!types.has(field.column)) {
      ctx.addIssue({
        code: "custom",
        path: ["partitionSpec", index, "column"],
        message: unknownColumnMessage("partition", field.column, types),
      });
      return;
    }
    const key = `${field.column}:${field.transform}`;
    if (seen.has(key)) {
      ctx.addIssue({
        code: "custom",
        path: ["partitionSpec", index],
        message: `partition field ${field.transform}(${field.column}) is listed twice`,
      });
    }
    seen.add(key);
    checkTransformFitsColumn(field, types.get(field.column) ?? null, index, ctx);
  });
  checkPartitionFieldNames(fields, types, ctx);
}

interface NamedPartitionField {
  index: number;
  field: PartitionFieldSpec;
  transform: PartitionTransform;
  name: string;
}

/**
 * Iceberg refuses a partition spec with two time transforms of one column, with two fields of one
 * name, or with a field named like a column it is not the identity of. Names are Iceberg's
 * defaults (partitionFieldName), so bucket[8] and bucket[16] of one column clash, and so does
 * day(ts) with a column ts_day. Fields whose column or transform is already reported, and exact
 * repeats (reported as listed twice), are left out.
 */
function checkPartitionFieldNames(
  fields: readonly PartitionFieldSpec[],
  types: Map<string, unknown>,
  ctx: Ctx,
): void {
  const earlier: NamedPartitionField[] = [];
  fields.forEach((field, index) => {
    const parsed = parsePartitionTransform(field.transform);
    if (!parsed.ok || !types.has(field.column)) return;
    const transform = parsed.value;
    const current = { index, field, transform, name: partitionFieldName(field.column, transform) };
    const problem = partitionNameProblem(current, earlier, types);
    if (problem !== undefined) {
      ctx.addIssue({ code: "custom", path: ["partitionSpec", index], message: problem });
    }
    earlier.push(current);
  });
}

function partitionNameProblem(
  current: NamedPartitionField,
  earlier: readonly NamedPartitionField[],
  types: Map<string, unknown>,
): string | undefined {
  const { field, transform, name } = current;
  const sameColumn = earlier.filter((e) => e.field.column === field.column);
  if (sameColumn.some((e) => e.field.transform === field.transform)) return undefined;
  const what = `${field.transform}(${field.column})`;
  const time = isTimeTransform(transform)
    ? sameColumn.find((e) => isTimeTransform(e.transform))
    : undefined;
  if (time !== undefined) {
    return `${what} is redundant with ${time.field.transform}(${field.column}) at partitionSpec[${time.index}]: partition a column by one of year, month, day or hour`;
  }
  const named = earlier.find((e) => e.name === name);
  if (named !== undefined) {
    return `${what} would be named ${name}, like ${named.field.transform}(${named.field.column}) at partitionSpec[${named.index}]; Iceberg needs distinct partition field names, so keep one of them`;
  }
  // An identity field is named like its own column, which Iceberg allows.
  if (transform.kind !== "identity" && types.has(name)) {
    return `${what} would be named ${name}, which is a column of this table; partition field names must differ from column names other than their own`;
  }
  return undefined;
}

function checkTransformFitsColumn(
  field: PartitionFieldSpec,
  columnType: IcebergType | null,
  index: number,
  ctx: Ctx,
): void {
  const transform = parsePartitionTransform(field.transform);
  if (!transform.ok || columnType === null) return; // already reported on the field itself
  if (transformAppliesTo(transform.value, columnType)) return;
  const accepted = transformAcceptedTypes(transform.value);
  ctx.addIssue({
    code: "custom",
    path: ["partitionSpec", index, "transform"],
    message: `${field.transform} cannot partition column "${field.column}" of type ${formatIcebergType(columnType)}; it needs ${accepted === "any" ? "any type" : accepted.join(", ")}`,
  });
}

function checkSortOrder(
  fields: readonly SortFieldSpec[],
  types: Map<string, unknown>,
  ctx: Ctx,
): void {
  fields.forEach((field, index) => {
    if (!types.has(field.column)) {
      ctx.addIssue({
        code: "custom",
        path: ["sortOrder", index, "column"],
        message: unknownColumnMessage("sort", field.column, types),
      });
    }
  });
}
