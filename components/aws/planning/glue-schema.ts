/**
 * Iceberg table spec → Glue `CreateIcebergTableInput`. Pure.
 *
 * Glue writes the table's first Iceberg metadata file from these: the schema with field ids, the
 * partition spec and the sort order, in Iceberg's own type and transform spelling. Iceberg
 * partitioning is hidden (transforms of columns), so the Glue table has no Hive partition keys,
 * and Glue derives the storage descriptor columns Athena shows from the metadata itself.
 *
 * Field types are JSON documents in the Glue API (a primitive is the JSON string `"long"`), which
 * the provider takes as JSON text: hence `JSON.stringify` of the Iceberg type name.
 */
import { withColumnIds, type TableSpec } from "#contract";
import { icebergPartition, icebergTypeName } from "../../iceberg-table";

/** Glue accepts field docs of up to 255 characters; the spec allows 1024. */
const GLUE_FIELD_DOC_MAX = 255;

/** Iceberg partition field ids start at 1000 (spec: "partition field IDs start at 1000"). */
const PARTITION_FIELD_ID_BASE = 1000;

export interface IcebergSchemaField {
  id: number;
  name: string;
  /** JSON text of the Iceberg type, e.g. `"decimal(12,2)"` with the quotes. */
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

/**
 * Each column's Iceberg field id: the spec's own (kept for life, contract/column-ids.ts), else the
 * id Glue assigns in a new table's first schema (column order from 1, above any id present).
 */
function fieldIds(table: TableSpec): Map<string, number> {
  return new Map(withColumnIds(table.columns).columns.map((column) => [column.name, column.id]));
}

function idOf(ids: Map<string, number>, column: string): number {
  const id = ids.get(column);
  if (id === undefined) throw new Error(`column "${column}" is not a column of the table`);
  return id;
}

export function icebergSchemaFields(table: TableSpec): IcebergSchemaField[] {
  const ids = fieldIds(table);
  return table.columns.map((column) => ({
    id: idOf(ids, column.name),
    name: column.name,
    type: JSON.stringify(icebergTypeName(column)),
    required: column.required,
    ...(column.doc === undefined ? {} : { doc: column.doc.slice(0, GLUE_FIELD_DOC_MAX) }),
  }));
}

export function icebergPartitionFields(table: TableSpec): IcebergPartitionField[] {
  const ids = fieldIds(table);
  return table.partitionSpec.map((field, index) => {
    const { name, transform } = icebergPartition(field);
    return {
      fieldId: PARTITION_FIELD_ID_BASE + index,
      name,
      sourceId: idOf(ids, field.column),
      transform,
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
