/** The spec's table in the JSON forms Iceberg metadata uses (pure). */
import type { TableSpec } from "#contract";
import type { ProductContext } from "../context";
import { icebergPartition, icebergTypeName } from "../iceberg-table";
import type { IcebergTableInput } from "./iceberg-metadata";

export function icebergTableInput(
  table: TableSpec,
  properties: Record<string, string>,
): IcebergTableInput {
  return {
    columns: table.columns.map((column) => ({
      ...(column.id === undefined ? {} : { id: column.id }),
      name: column.name,
      type: icebergTypeName(column),
      required: column.required,
      ...(column.doc === undefined ? {} : { doc: column.doc }),
    })),
    partitionSpec: table.partitionSpec.map(icebergPartition),
    sortOrder: table.sortOrder.map((field) => ({
      column: field.column,
      direction: field.direction,
      nullOrder: field.nullOrder,
    })),
    properties,
  };
}

/** Table properties: the mesh labels under `meshplane.`, so engines reading the table see them. */
export function tableProperties(context: ProductContext): Record<string, string> {
  return Object.fromEntries(
    Object.entries(context.labels)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([key, value]) => [`meshplane.${key}`, value]),
  );
}

/** `<domain>/<name>/<environment>`: names.local.warehousePath without its `warehouse/` root. */
export function warehouseSubpath(context: ProductContext): string {
  return context.names.local.warehousePath.replace(/^warehouse\//, "");
}
