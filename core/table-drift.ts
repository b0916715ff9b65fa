/**
 * Whether a product's Iceberg table (the catalog head's current schema) is the table its spec
 * describes, column by column. A deployment whose settle could not commit the spec's change
 * (an illegal evolution, or engines winning every race) leaves the product live with the new spec
 * and the table on the old schema: this is the fact the product page and API show for it. Pure.
 *
 * Columns are matched the way the evolution matches them (components/local/iceberg-metadata.ts
 * matchFields): a spec column with a field id is the field with that id, the others the field of
 * the same name no id claimed. Types are compared in Iceberg's spelling (the contract's
 * icebergTypeName; a table's `decimal(12, 2)` is read back through the same parser). Column order
 * is not compared: engines read columns by field id.
 */
import { formatIcebergType, icebergTypeName, parseIcebergType, type ColumnSpec } from "#contract";
import type { IcebergField } from "#lib/iceberg/table-metadata";

export type ColumnDifference =
  | { column: string; kind: "missing"; spec: string }
  | { column: string; kind: "extra"; table: string }
  | { column: string; kind: "renamed"; spec: string; table: string }
  | { column: string; kind: "type"; spec: string; table: string }
  | { column: string; kind: "required"; spec: string; table: string }
  | { column: string; kind: "doc"; spec: string; table: string };

type SpecColumn = Pick<ColumnSpec, "id" | "name" | "type" | "required" | "doc">;
type TableField = Pick<IcebergField, "id" | "name" | "type" | "required" | "doc">;

/** The field each spec column is (undefined: the table lacks it): by id, then by free name. */
function matchColumns(
  columns: readonly SpecColumn[],
  fields: readonly TableField[],
): (TableField | undefined)[] {
  const claimed = new Set<number>();
  const byId = columns.map((column) => {
    const field = fields.find((f) => column.id !== undefined && f.id === column.id);
    if (field !== undefined) claimed.add(field.id);
    return field;
  });
  return columns.map((column, index) => {
    if (column.id !== undefined) return byId[index];
    const field = fields.find((f) => f.name === column.name && !claimed.has(f.id));
    if (field !== undefined) claimed.add(field.id);
    return field;
  });
}

/** A table field's type in the spec's spelling when it is a primitive; nested types as JSON. */
function tableTypeName(type: TableField["type"]): string {
  if (typeof type !== "string") return JSON.stringify(type);
  const parsed = parseIcebergType(type.replace(/\s+/g, ""));
  return parsed.ok ? formatIcebergType(parsed.value) : type;
}

const nullability = (required: boolean): string => (required ? "required" : "optional");

function columnDifferences(column: SpecColumn, field: TableField): ColumnDifference[] {
  const differences: ColumnDifference[] = [];
  const name = column.name;
  if (field.name !== name)
    differences.push({ column: name, kind: "renamed", spec: name, table: field.name });
  const specType = icebergTypeName(column);
  const tableType = tableTypeName(field.type);
  if (specType !== tableType)
    differences.push({ column: name, kind: "type", spec: specType, table: tableType });
  if (column.required !== field.required) {
    const [spec, table] = [nullability(column.required), nullability(field.required)];
    differences.push({ column: name, kind: "required", spec, table });
  }
  if ((column.doc ?? "") !== (field.doc ?? ""))
    differences.push({ column: name, kind: "doc", spec: column.doc ?? "", table: field.doc ?? "" });
  return differences;
}

/**
 * How the table's current schema (`fields`) differs from the spec's columns; empty when the
 * table is the spec's. Missing: in the spec, not in the table; extra: in the table only.
 */
export function tableSchemaDifferences(
  columns: readonly SpecColumn[],
  fields: readonly TableField[],
): ColumnDifference[] {
  const matched = matchColumns(columns, fields);
  const differences = columns.flatMap((column, index): ColumnDifference[] => {
    const field = matched[index];
    if (field === undefined)
      return [{ column: column.name, kind: "missing", spec: icebergTypeName(column) }];
    return columnDifferences(column, field);
  });
  const used = new Set(matched.flatMap((field) => (field === undefined ? [] : [field.id])));
  const extra = fields.filter((field) => !used.has(field.id));
  return [
    ...differences,
    ...extra.map((field): ColumnDifference => {
      return { column: field.name, kind: "extra", table: tableTypeName(field.type) };
    }),
  ];
}
