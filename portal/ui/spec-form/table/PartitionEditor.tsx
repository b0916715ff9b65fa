"use client";
/** The table's partition fields: a column and a transform each (with its size for bucket/truncate). */
import { fieldId, type FieldPath } from "#portal/shared/spec-draft";
import { listAt, removeAt } from "../draft-values";
import { FieldIssues, useSpecForm } from "../fields";
import {
  PARTITIONS,
  TRANSFORM_KINDS,
  isSized,
  transformParts,
  transformText,
  type TransformKind,
} from "./table-parts";

interface PartitionDraft {
  column?: unknown;
  transform?: unknown;
}

export function PartitionEditor({ columnNames }: { columnNames: readonly string[] }) {
  const { draft, update } = useSpecForm();
  const partitions = listAt(draft, PARTITIONS) as PartitionDraft[];
  return (
    <div>
      <h3>Partitioning</h3>
      <p className="field-hint">How files are laid out; queries that filter on these skip data.</p>
      {partitions.length === 0 && <p className="muted small">Not partitioned.</p>}
      <ul style={{ listStyle: "none", padding: 0 }}>
        {partitions.map((partition, index) => (
          <PartitionRow
            key={index}
            index={index}
            partition={partition}
            columnNames={columnNames}
            onRemove={() => {
              update(PARTITIONS, removeAt(partitions, index));
            }}
          />
        ))}
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

function PartitionRow({
  index,
  partition,
  columnNames,
  onRemove,
}: {
  index: number;
  partition: PartitionDraft;
  columnNames: readonly string[];
  onRemove: () => void;
}) {
  const { update } = useSpecForm();
  const path: FieldPath = [...PARTITIONS, index];
  const transform = transformParts(partition.transform);
  const setTransform = (kind: TransformKind, size: number) => {
    update([...path, "transform"], transformText({ kind, size }));
  };
  return (
    <li className="row" style={{ marginBottom: "0.5rem" }}>
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
        {TRANSFORM_KINDS.map((kind) => (
          <option key={kind} value={kind}>
            {kind}
          </option>
        ))}
      </select>
      {isSized(transform.kind) && (
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
        onClick={onRemove}
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
}
