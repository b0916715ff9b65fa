/**
 * Iceberg table spec → Glue Data Catalog. Pure.
 *
 * Two views of the same table:
 * - `icebergTableInput`: what Glue writes into the first Iceberg metadata file (schema with
 *   field ids, partition spec, sort order), in Iceberg's own type and transform spelling;
 * - `storageDescriptor` columns in Hive types, which Athena, Redshift Spectrum and the Glue
 *   console display. Iceberg partitioning is hidden (transforms of columns), so the Glue table
 *   has no Hive partition keys: partition fields live in the Iceberg partition spec only.
 */
import {
  formatIcebergType,
  formatPartitionTransform,
  parseIcebergType,
  parsePartitionTransform,
  type IcebergType,
  type PartitionTransform,
  type TableSpec,
} from "#contract";

/** Iceberg partition field ids start at 1000 (spec: "partition field IDs start at 1000"). */
export const PARTITION_FIELD_ID_BASE = 1000;

export interface GlueColumn {
  name: string;
  type: string;
  comment?: string;
  parameters: Record<string, string>;
}

export interface IcebergSchemaField {
  id: number;
  name: string;
  type: string;
  required: boolean;
  doc?: string;
}

export interface IcebergPartitionField {
  fieldId: number;
  name: string;
  sourceId: number;
  transform: string;
}

export interface IcebergSortField {
  sourceId: number;
  transform: "identity";
  direction: "asc" | "desc";
  nullOrder: "nulls-first" | "nulls-last";
}

function mustParse<T>(result: { ok: true; value: T } | { ok: false; reason: string }): T {
  if (!result.ok) throw new Error(result.reason);
  return result.value;
}

/** The Hive type Glue and Athena show for an Iceberg type (Athena's Iceberg type mapping). */
export function glueType(type: IcebergType): string {
  switch (type.kind) {
    case "long":
      return "bigint";
    case "timestamptz":
    case "timestamp":
      return "timestamp";
    case "time":
    case "uuid":
      return "string";
    case "fixed":
      return "binary";
    case "decimal":
      return `decimal(${type.precision},${type.scale})`;
    default:
      return type.kind;
  }
}

/** Field ids in column order, from 1: the ids Glue assigns in the table's first schema. */
function fieldIds(table: TableSpec): Map<string, number> {
  return new Map(table.columns.map((column, index) => [column.name, index + 1]));
}

function idOf(ids: Map<string, number>, column: string): number {
  const id = ids.get(column);
  if (id === undefined) throw new Error(`column "${column}" is not a column of the table`);
  return id;
}

export function glueColumns(table: TableSpec): GlueColumn[] {
  const ids = fieldIds(table);
  return table.columns.map((column) => ({
    name: column.name,
    type: glueType(mustParse(parseIcebergType(column.type))),
    ...(column.doc === undefined ? {} : { comment: column.doc }),
    parameters: {
      "iceberg.field.id": String(idOf(ids, column.name)),
      "iceberg.field.optional": String(!column.required),
      "iceberg.field.current": "true",
    },
  }));
}

export function icebergSchemaFields(table: TableSpec): IcebergSchemaField[] {
  const ids = fieldIds(table);
  return table.columns.map((column) => ({
    id: idOf(ids, column.name),
    name: column.name,
    type: formatIcebergType(mustParse(parseIcebergType(column.type))),
    required: column.required,
    ...(column.doc === undefined ? {} : { doc: column.doc }),
  }));
}

/** Iceberg's default partition field names: `col` for identity, `col_bucket`, `col_trunc`, ... */
export function partitionFieldName(column: string, transform: PartitionTransform): string {
  switch (transform.kind) {
    case "identity":
      return column;
    case "truncate":
      return `${column}_trunc`;
    case "void":
      return `${column}_null`;
    default:
      return `${column}_${transform.kind}`;
  }
}

export function icebergPartitionFields(table: TableSpec): IcebergPartitionField[] {
  const ids = fieldIds(table);
  return table.partitionSpec.map((field, index) => {
    const transform = mustParse(parsePartitionTransform(field.transform));
    return {
      fieldId: PARTITION_FIELD_ID_BASE + index,
      name: partitionFieldName(field.column, transform),
      sourceId: idOf(ids, field.column),
      transform: formatPartitionTransform(transform),
    };
  });
}

export function icebergSortFields(table: TableSpec): IcebergSortField[] {
  const ids = fieldIds(table);
  return table.sortOrder.map((field) => ({
    sourceId: idOf(ids, field.column),
    transform: "identity",
    direction: field.direction,
    nullOrder: field.nullOrder,
  }));
}
