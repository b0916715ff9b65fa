"use client";
/**
 * Form fields bound to a path of the spec draft. Each shows the contract's issues for its own path
 * right under the input (aria-describedby), once the user touched it or tried to save/submit.
 * The sections reach the draft through SpecFormContext, which the form's hook fills.
 */
import { createContext, useContext, type ChangeEvent, type ReactNode } from "react";
import { formatPath } from "#contract/errors";
import { fieldId, getIn, type Draft, type FieldPath } from "../../shared/spec-draft";

export interface SpecFormState {
  draft: Draft;
  update: (path: FieldPath, value: unknown) => void;
  issues: ReadonlyMap<string, string[]>;
  showIssues: (path: FieldPath) => boolean;
  touch: (path: FieldPath) => void;
}

export const SpecFormContext = createContext<SpecFormState | null>(null);

export function useSpecForm(): SpecFormState {
  const state = useContext(SpecFormContext);
  if (state === null) throw new Error("spec fields must be inside <SpecFormContext>");
  return state;
}

export function useFieldIssues(path: FieldPath): string[] {
  const { issues, showIssues } = useSpecForm();
  return showIssues(path) ? (issues.get(formatPath(path)) ?? []) : [];
}

export function FieldIssues({ path }: { path: FieldPath }) {
  const messages = useFieldIssues(path);
  if (messages.length === 0) return null;
  return (
    <div id={`${fieldId(path)}-errors`}>
      {messages.map((message) => (
        <p key={message} className="field-error">
          {message}
        </p>
      ))}
    </div>
  );
}

interface FieldProps {
  path: FieldPath;
  label: string;
  hint?: ReactNode;
  /** Hides the visible label (tables); the input keeps it as its accessible name. */
  compact?: boolean;
}

function describedBy(path: FieldPath, hasIssues: boolean, hint: boolean): string | undefined {
  const ids = [hint ? `${fieldId(path)}-hint` : "", hasIssues ? `${fieldId(path)}-errors` : ""];
  const joined = ids.filter(Boolean).join(" ");
  return joined === "" ? undefined : joined;
}

/** What every input bound to a path shares: its value, its id, its issues and touch on blur. */
function useBoundInput({ path, hint }: FieldProps) {
  const { draft, update, touch } = useSpecForm();
  const issues = useFieldIssues(path);
  return {
    value: getIn(draft, path),
    set: (value: unknown) => {
      update(path, value);
    },
    attributes: {
      id: fieldId(path),
      "aria-invalid": issues.length > 0,
      "aria-describedby": describedBy(path, issues.length > 0, hint !== undefined),
      onBlur: () => {
        touch(path);
      },
    },
  };
}

function FieldShell({
  path,
  label,
  hint,
  compact,
  children,
}: FieldProps & { children: ReactNode }) {
  return (
    <div className={compact ? undefined : "field"}>
      <label htmlFor={fieldId(path)} className={compact ? "visually-hidden" : undefined}>
        {label}
      </label>
      {children}
      {hint !== undefined && !compact && (
        <p id={`${fieldId(path)}-hint`} className="field-hint">
          {hint}
        </p>
      )}
      <FieldIssues path={path} />
    </div>
  );
}

export function TextField(
  props: FieldProps & { multiline?: boolean; placeholder?: string; readOnly?: boolean },
) {
  const input = useBoundInput(props);
  const common = {
    ...input.attributes,
    value: typeof input.value === "string" ? input.value : "",
    placeholder: props.placeholder,
    readOnly: props.readOnly,
    onChange: (event: ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) => {
      input.set(event.target.value);
    },
  };
  return (
    <FieldShell {...props}>
      {props.multiline ? <textarea {...common} /> : <input type="text" {...common} />}
    </FieldShell>
  );
}

/** Empty input removes optional numbers from the spec instead of writing 0. */
export function NumberField(props: FieldProps & { step?: number; min?: number }) {
  const input = useBoundInput(props);
  return (
    <FieldShell {...props}>
      <input
        type="number"
        {...input.attributes}
        inputMode="decimal"
        step={props.step ?? 1}
        min={props.min}
        value={typeof input.value === "number" ? input.value : ""}
        onChange={(event) => {
          const text = event.target.value;
          input.set(text === "" ? undefined : Number(text));
        }}
      />
    </FieldShell>
  );
}

export function SelectField(
  props: FieldProps & {
    options: readonly (string | { value: string; label: string })[];
    optional?: boolean;
  },
) {
  const input = useBoundInput(props);
  const value = input.value;
  const values = props.options.map((option) =>
    typeof option === "string" ? option : option.value,
  );
  return (
    <FieldShell {...props}>
      <select
        {...input.attributes}
        value={typeof value === "string" ? value : ""}
        onChange={(event) => {
          const next = event.target.value;
          input.set(next === "" ? undefined : next);
        }}
      >
        {(props.optional === true || typeof value !== "string") && <option value="">—</option>}
        {/* A value from elsewhere (an imported spec) is shown as it is, never as the first option. */}
        {typeof value === "string" && value !== "" && !values.includes(value) && (
          <option value={value}>{value}</option>
        )}
        {props.options.map((option) => {
          const { value: optionValue, label } =
            typeof option === "string" ? { value: option, label: option } : option;
          return (
            <option key={optionValue} value={optionValue}>
              {label}
            </option>
          );
        })}
      </select>
    </FieldShell>
  );
}

/** A checkbox that adds an optional part of the spec (starting from `initial`) or removes it. */
export function OptionalPart({
  path,
  initial,
  children,
}: {
  path: FieldPath;
  initial: unknown;
  /** The checkbox's label. */
  children: ReactNode;
}) {
  const { draft, update } = useSpecForm();
  return (
    <label className="inline">
      <input
        type="checkbox"
        checked={getIn(draft, path) !== undefined}
        onChange={(event) => {
          update(path, event.target.checked ? initial : undefined);
        }}
      />
      {children}
    </label>
  );
}

/** A checkbox whose only label is its accessible name (a cell of the columns table). */
export function CompactCheckbox({ path, label }: { path: FieldPath; label: string }) {
  const { draft, update } = useSpecForm();
  return (
    <div className="checkbox">
      <input
        type="checkbox"
        id={fieldId(path)}
        aria-label={label}
        checked={getIn(draft, path) === true}
        onChange={(event) => {
          update(path, event.target.checked);
        }}
      />
    </div>
  );
}
