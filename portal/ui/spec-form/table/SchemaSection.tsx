"use client";
/**
 * The Iceberg table editor: columns (add, remove, reorder, types incl. decimal(p,s)) and the
 * partition fields over them.
 */
import { listAt, move, removeAt } from "../draft-values";
import { FieldIssues, useSpecForm } from "../fields";
import { Table } from "../../Table";
import { ColumnRow } from "./ColumnRow";
import { PartitionEditor } from "./PartitionEditor";
import { COLUMNS } from "./table-parts";

interface ColumnDraft {
  name?: unknown;
  type?: unknown;
}

const HEADERS = [
  "Name",
  "Type",
  "Required",
  "PII",
  "Description",
  { label: "Actions", hidden: true },
] as const;

export function SchemaSection() {
  const { draft, update } = useSpecForm();
  const columns = listAt(draft, COLUMNS) as ColumnDraft[];
  const names = columns
    .map((column) => column.name)
    .filter((name): name is string => typeof name === "string" && name !== "");
  return (
    <fieldset>
      <legend>Schema (Iceberg table)</legend>
      <FieldIssues path={COLUMNS} />
      <Table label="Columns" columns={HEADERS}>
        {columns.map((column, index) => (
          <ColumnRow
            key={index}
            index={index}
            label={
              typeof column.name === "string" && column.name !== ""
                ? column.name
                : `column ${index + 1}`
            }
            count={columns.length}
            onMove={(to) => {
              update(COLUMNS, move(columns, index, to));
            }}
            onRemove={() => {
              update(COLUMNS, removeAt(columns, index));
            }}
          />
        ))}
      </Table>
      <button
        type="button"
        onClick={() => {
          update(COLUMNS, [...columns, { name: "", type: "string" }]);
        }}
      >
        Add column
      </button>
      <PartitionEditor columnNames={names} />
    </fieldset>
  );
}
