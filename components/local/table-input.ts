/** The spec's table in the JSON forms Iceberg metadata uses (pure). */
import {
  formatIcebergType,
  formatPartitionTransform,
  parseIcebergType,
  parsePartitionTransform,
  partitionFieldName,
  type TableSpec,
} from "#contract";
import type { ProductContext } from "../context";
import type { IcebergTableInput } from "./iceberg-metadata";

function normalised<T>(result: { ok: true; value: T } | { ok: false; reason: string }): T {
  if (!result.ok) throw new Error(result.reason);
  return result.value;
}

export function icebergTableInput(
  table: TableSpec,
  properties: Record<string, string>,
): IcebergTableInput {
  return {
    columns: table.columns.map((column) => ({
      name: column.name,
      type: formatIcebergType(normalised(parseIcebergType(column.type))),
      required: column.required,
      ...(column.doc === undefined ? {} : { doc: column.doc }),
    })),
    partitionSpec: table.partitionSpec.map((field) => {
      const transform = normalised(parsePartitionTransform(field.transform));
      return {
        column: field.column,
        transform: formatPartitionTransform(transform),
        name: partitionFieldName(field.column, transform),
      };
    }),
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
