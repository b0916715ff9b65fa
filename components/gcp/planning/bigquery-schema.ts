/**
 * Iceberg → BigQuery mapping for BigLake Iceberg tables in BigQuery
 * (https://cloud.google.com/bigquery/docs/iceberg-tables, "Data type mapping"), and the clustering
 * that stands in for the Iceberg partition spec and sort order.
 */
import {
  parsePartitionTransform,
  type ColumnSpec,
  type IcebergType,
  type TableSpec,
} from "#contract";
import { columnType } from "../../iceberg-table";

export type BigQueryType =
  | "BOOL"
  | "INTEGER"
  | "FLOAT"
  | "NUMERIC"
  | "BIGNUMERIC"
  | "STRING"
  | "BYTES"
  | "DATE"
  | "TIME"
  | "DATETIME"
  | "TIMESTAMP";

/** One entry of a BigQuery table schema (the JSON the `schema` input takes). */
export interface BigQueryField {
  name: string;
  type: BigQueryType;
  mode: "REQUIRED" | "NULLABLE";
  description?: string;
  /** Parameterised NUMERIC/BIGNUMERIC(P,S); BigQuery's REST API spells them as strings. */
  precision?: string;
  scale?: string;
  /** BYTES(L) for Iceberg fixed[L]. */
  maxLength?: string;
}

/** NUMERIC(P,S) holds at most 9 fractional and 29 integer digits; beyond that, BIGNUMERIC. */
const NUMERIC_MAX_SCALE = 9;
const NUMERIC_MAX_INTEGER_DIGITS = 29;

export interface MappedType {
  type: BigQueryType;
  precision?: number;
  scale?: number;
  maxLength?: number;
}

export function bigQueryType(type: IcebergType): MappedType {
  switch (type.kind) {
    case "boolean":
      return { type: "BOOL" };
    case "int":
    case "long":
      return { type: "INTEGER" };
    case "float":
    case "double":
      return { type: "FLOAT" };
    case "decimal": {
      const fits =
        type.scale <= NUMERIC_MAX_SCALE &&
        type.precision - type.scale <= NUMERIC_MAX_INTEGER_DIGITS;
      return {
        type: fits ? "NUMERIC" : "BIGNUMERIC",
        precision: type.precision,
        scale: type.scale,
      };
    }
    case "date":
      return { type: "DATE" };
    case "time":
      return { type: "TIME" };
    case "timestamp":
      return { type: "DATETIME" };
    case "timestamptz":
      return { type: "TIMESTAMP" };
    case "string":
    case "uuid":
      return { type: "STRING" };
    case "binary":
      return { type: "BYTES" };
    case "fixed":
      return { type: "BYTES", maxLength: type.length };
  }
}

export function bigQueryField(column: ColumnSpec): BigQueryField {
  const mapped = bigQueryType(columnType(column));
  const field: BigQueryField = {
    name: column.name,
    type: mapped.type,
    mode: column.required ? "REQUIRED" : "NULLABLE",
  };
  if (column.doc !== undefined) field.description = column.doc;
  if (mapped.precision !== undefined) field.precision = String(mapped.precision);
  if (mapped.scale !== undefined) field.scale = String(mapped.scale);
  if (mapped.maxLength !== undefined) field.maxLength = String(mapped.maxLength);
  return field;
}

export function bigQuerySchema(table: Pick<TableSpec, "columns">): BigQueryField[] {
  return table.columns.map(bigQueryField);
}

/** BigQuery clusters on at most four top-level columns of these types. */
const MAX_CLUSTERING_COLUMNS = 4;
const CLUSTERABLE: ReadonlySet<BigQueryType> = new Set([
  "BOOL",
  "INTEGER",
  "NUMERIC",
  "BIGNUMERIC",
  "STRING",
  "DATE",
  "DATETIME",
  "TIMESTAMP",
]);

/**
 * Clustering columns for the table. BigLake Iceberg tables in BigQuery cluster and compact data
 * automatically; table partitioning is only in Preview for them, so Meshplane maps the Iceberg
 * partition spec and sort order onto clustering (GA), which prunes files by the same columns:
 * partition source columns first (coarsest grouping), then sort columns, skipping `void`
 * partition fields, duplicates and types BigQuery cannot cluster on (FLOAT, BYTES, TIME).
 */
export function clusteringColumns(
  table: Pick<TableSpec, "columns" | "partitionSpec" | "sortOrder">,
): string[] {
  const types = new Map(table.columns.map((c) => [c.name, bigQueryType(columnType(c)).type]));
  const candidates = [
    ...table.partitionSpec
      .filter((field) => {
        const transform = parsePartitionTransform(field.transform);
        return !transform.ok || transform.value.kind !== "void";
      })
      .map((field) => field.column),
    ...table.sortOrder.map((field) => field.column),
  ];
  const chosen: string[] = [];
  for (const column of candidates) {
    const type = types.get(column);
    if (type === undefined || !CLUSTERABLE.has(type) || chosen.includes(column)) continue;
    chosen.push(column);
    if (chosen.length === MAX_CLUSTERING_COLUMNS) break;
  }
  return chosen;
}
