"use client";
/** The Iceberg table editor: columns (add, remove, reorder, types incl. decimal(p,s)) and partitions. */
import {
  DECIMAL_MAX_PRECISION,
  ICEBERG_SIMPLE_TYPES,
  parseIcebergType,
  parsePartitionTransform,
} from "#contract";
import { fieldId, getIn, type FieldPath } from "../shared/spec-draft";
import { CheckboxField, FieldIssues, TextField, useFieldIssues, useSpecForm } from "./SpecFields";

interface ColumnDraft {
  name?: unknown;
  type?: unknown;
}

const COLUMNS: FieldPath = ["table", "columns"];
const PARTITIONS: FieldPath = ["table", "partitionSpec"];

function listAt(draft: unknown, path: FieldPath): unknown[] {
  const value = getIn(draft, path);
  return Array.isArray(value) ? (value as unknown[]) : [];
}

function move<T>(items: readonly T[], from: number, to: number): T[] {
  const next = [...items];
  const [item] = next.splice(from, 1);
  if (item !== undefined) next.splice(to, 0, item);
  return next;
}

export function SchemaEditor() {
  const { draft, update } = useSpecForm();
  const columns = listAt(draft, COLUMNS) as ColumnDraft[];
  return (
    <fieldset>
      <legend>Schema (Iceberg table)</legend>
      <FieldIssues path={COLUMNS} />
      <div className="table-wrap">
        <table aria-label="Columns">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Type</th>
              <th scope="col">Required</th>
              <th scope="col">PII</th>
              <th scope="col">Description</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
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
                  update(
                    COLUMNS,
                    columns.filter((_, i) => i !== index),
                  );
                }}
              />
            ))}
          </tbody>
        </table>
      </div>
      <button
        type="button"
        onClick={() => {
          update(COLUMNS, [...columns, { name: "", type: "string" }]);
        }}
      >
        Add column
      </button>
      <PartitionEditor columns={columns} />
    </fieldset>
  );
}

function ColumnRow(props: {
  index: number;
  label: string;
  count: number;
  onMove: (to: number) => void;
  onRemove: () => void;
}) {
  const path = [...COLUMNS, props.index];
  return (
    <tr>
      <td>
        <TextField path={[...path, "name"]} label={`Name of ${props.label}`} compact />
      </td>
      <td>
        <TypePicker path={[...path, "type"]} columnLabel={props.label} />
      </td>
      <td>
        <CompactCheckbox path={[...path, "required"]} label={`${props.label} is required`} />
      </td>
      <td>
        <CompactCheckbox path={[...path, "pii"]} label={`${props.label} holds personal data`} />
      </td>
      <td>
        <TextField path={[...path, "doc"]} label={`Description of ${props.label}`} compact />
      </td>
      <td>
        <div className="row" style={{ flexWrap: "nowrap" }}>
          <button
            type="button"
            className="icon-button"
            aria-label={`Move ${props.label} up`}
            disabled={props.index === 0}
            onClick={() => {
              props.onMove(props.index - 1);
            }}
          >
            ↑
          </button>
          <button
            type="button"
            className="icon-button"
            aria-label={`Move ${props.label} down`}
            disabled={props.index === props.count - 1}
            onClick={() => {
              props.onMove(props.index + 1);
            }}
          >
            ↓
          </button>
          <button
            type="button"
            className="icon-button"
            aria-label={`Remove ${props.label}`}
            onClick={props.onRemove}
          >
            ✕
          </button>
        </div>
      </td>
    </tr>
  );
}

function CompactCheckbox({ path, label }: { path: FieldPath; label: string }) {
  return (
    <div className="checkbox">
      <CheckboxFieldHiddenLabel path={path} label={label} />
    </div>
  );
}

function CheckboxFieldHiddenLabel({ path, label }: { path: FieldPath; label: string }) {
  const { draft, update } = useSpecForm();
  return (
    <input
      type="checkbox"
      id={fieldId(path)}
      aria-label={label}
      checked={getIn(draft, path) === true}
      onChange={(event) => {
        update(path, event.target.checked);
      }}
    />
  );
}

type TypeKind = (typeof ICEBERG_SIMPLE_TYPES)[number] | "decimal" | "fixed";
const TYPE_KINDS: readonly TypeKind[] = [...ICEBERG_SIMPLE_TYPES, "decimal", "fixed"];

function typeParts(text: string): {
  kind: TypeKind;
  precision: number;
  scale: number;
  length: number;
} {
  const parsed = parseIcebergType(text);
  const defaults = { precision: 18, scale: 2, length: 16 };
  if (!parsed.ok) {
    const kind = TYPE_KINDS.find((k) => text.startsWith(k)) ?? "string";
    return { kind, ...defaults };
  }
  const type = parsed.value;
  if (type.kind === "decimal")
    return { ...defaults, kind: "decimal", precision: type.precision, scale: type.scale };
  if (type.kind === "fixed") return { ...defaults, kind: "fixed", length: type.length };
  return { ...defaults, kind: type.kind };
}

function formatType(kind: TypeKind, precision: number, scale: number, length: number): string {
  if (kind === "decimal") return `decimal(${precision},${scale})`;
  if (kind === "fixed") return `fixed[${length}]`;
  return kind;
}

/** A type select plus precision/scale or length inputs for the parameterised types. */
function TypePicker({ path, columnLabel }: { path: FieldPath; columnLabel: string }) {
  const { draft, update } = useSpecForm();
  const issues = useFieldIssues(path);
  const text = getIn(draft, path);
  const parts = typeParts(typeof text === "string" ? text : "string");
  const set = (next: Partial<typeof parts>) => {
    const merged = { ...parts, ...next };
    update(path, formatType(merged.kind, merged.precision, merged.scale, merged.length));
  };
  const numberInput = (
    label: string,
    value: number,
    onChange: (n: number) => void,
    max?: number,
  ) => (
    <input
      type="number"
      aria-label={`${label} of ${columnLabel}`}
      min={0}
      max={max}
      value={value}
      style={{ width: "4.5rem" }}
      onChange={(event) => {
        onChange(Number(event.target.value));
      }}
    />
  );
  return (
    <div>
      <div className="row" style={{ flexWrap: "nowrap" }}>
        <select
          id={fieldId(path)}
          aria-label={`Type of ${columnLabel}`}
          aria-invalid={issues.length > 0}
          value={parts.kind}
          onChange={(event) => {
            set({ kind: event.target.value as TypeKind });
          }}
        >
          {TYPE_KINDS.map((kind) => (
            <option key={kind} value={kind}>
              {kind}
            </option>
          ))}
        </select>
        {parts.kind === "decimal" && (
          <>
            {numberInput(
              "Precision",
              parts.precision,
              (precision) => {
                set({ precision });
              },
              DECIMAL_MAX_PRECISION,
            )}
            {numberInput("Scale", parts.scale, (scale) => {
              set({ scale });
            })}
          </>
        )}
        {parts.kind === "fixed" &&
          numberInput("Length", parts.length, (length) => {
            set({ length });
          })}
      </div>
      <FieldIssues path={path} />
    </div>
  );
}

const TRANSFORMS = [
  "identity",
  "year",
  "month",
  "day",
  "hour",
  "bucket",
  "truncate",
  "void",
] as const;
type TransformKind = (typeof TRANSFORMS)[number];

interface PartitionDraft {
  column?: unknown;
  transform?: unknown;
}

function transformParts(text: unknown): { kind: TransformKind; size: number } {
  const parsed = parsePartitionTransform(typeof text === "string" ? text : "identity");
  if (!parsed.ok) return { kind: "identity", size: 16 };
  const value = parsed.value;
  if (value.kind === "bucket") return { kind: "bucket", size: value.buckets };
  if (value.kind === "truncate") return { kind: "truncate", size: value.width };
  return { kind: value.kind, size: 16 };
}

function PartitionEditor({ columns }: { columns: ColumnDraft[] }) {
  const { draft, update } = useSpecForm();
  const partitions = listAt(draft, PARTITIONS) as PartitionDraft[];
  const columnNames = columns
    .map((column) => column.name)
    .filter((name): name is string => typeof name === "string" && name !== "");
  return (
    <div>
      <h3>Partitioning</h3>
      <p className="field-hint">How files are laid out; queries that filter on these skip data.</p>
      {partitions.length === 0 && <p className="muted small">Not partitioned.</p>}
      <ul style={{ listStyle: "none", padding: 0 }}>
        {partitions.map((partition, index) => {
          const path = [...PARTITIONS, index];
          const transform = transformParts(partition.transform);
          const setTransform = (kind: TransformKind, size: number) => {
            const text = kind === "bucket" || kind === "truncate" ? `${kind}[${size}]` : kind;
            update([...path, "transform"], text);
          };
          return (
            <li key={index} className="row" style={{ marginBottom: "0.5rem" }}>
              <select
                id={fieldId([...path, "column"])}
                aria-label={`Partition ${index + 1} column`}
                value={typeof partition.column === "string" ? partition.column : ""}
                onChange={(event) => {
                  update([...path, "column"], event.target.value);
                }}
              >
                <option value="">choose a column</option>
                {columnNames.map((name) => (
                  <option key={name} value={name}>
                    {name}
                  </option>
                ))}
              </select>
              <select
                id={fieldId([...path, "transform"])}
                aria-label={`Partition ${index + 1} transform`}
                value={transform.kind}
                onChange={(event) => {
                  setTransform(event.target.value as TransformKind, transform.size);
                }}
              >
                {TRANSFORMS.map((kind) => (
                  <option key={kind} value={kind}>
                    {kind}
                  </option>
                ))}
              </select>
              {(transform.kind === "bucket" || transform.kind === "truncate") && (
                <input
                  type="number"
                  min={1}
                  aria-label={`Partition ${index + 1} ${transform.kind === "bucket" ? "buckets" : "width"}`}
                  value={transform.size}
                  style={{ width: "5rem" }}
                  onChange={(event) => {
                    setTransform(transform.kind, Number(event.target.value));
                  }}
                />
              )}
              <button
                type="button"
                className="icon-button"
                aria-label={`Remove partition ${index + 1}`}
                onClick={() => {
                  update(
                    PARTITIONS,
                    partitions.filter((_, i) => i !== index),
                  );
                }}
              >
                ✕
              </button>
              <div style={{ flexBasis: "100%" }}>
                <FieldIssues path={path} />
                <FieldIssues path={[...path, "column"]} />
                <FieldIssues path={[...path, "transform"]} />
              </div>
            </li>
          );
        })}
      </ul>
      <button
        type="button"
        onClick={() => {
          update(PARTITIONS, [
            ...partitions,
            { column: columnNames[0] ?? "", transform: "identity" },
          ]);
        }}
      >
        Add partition field
      </button>
    </div>
  );
}

export { CheckboxField };
