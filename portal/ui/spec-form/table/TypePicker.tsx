"use client";
/** A column's type: a select of kinds plus precision/scale or length for the parameterised ones. */
import { DECIMAL_MAX_PRECISION } from "#contract/iceberg";
import { fieldId, getIn, type FieldPath } from "#portal/shared/spec-draft";
import { FieldIssues, useFieldIssues, useSpecForm } from "../fields";
import { TYPE_KINDS, typeParts, typeText, type TypeParts } from "./table-parts";

export function TypePicker({ path, columnLabel }: { path: FieldPath; columnLabel: string }) {
  const { draft, update } = useSpecForm();
  const issues = useFieldIssues(path);
  const text = getIn(draft, path);
  const parts = typeParts(typeof text === "string" ? text : "string");
  const set = (next: Partial<TypeParts>) => {
    update(path, typeText({ ...parts, ...next }));
  };
  const parameter = (
    label: string,
    value: number,
    key: "precision" | "scale" | "length",
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
        set({ [key]: Number(event.target.value) });
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
            set({ kind: event.target.value as TypeParts["kind"] });
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
            {parameter("Precision", parts.precision, "precision", DECIMAL_MAX_PRECISION)}
            {parameter("Scale", parts.scale, "scale")}
          </>
        )}
        {parts.kind === "fixed" && parameter("Length", parts.length, "length")}
      </div>
      <FieldIssues path={path} />
    </div>
  );
}
