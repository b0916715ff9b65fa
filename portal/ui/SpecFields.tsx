"use client";
/**
 * Form fields bound to a path of the spec draft. Each shows the contract's issues for its own path
 * right under the input (aria-describedby), once the user touched it or tried to save/submit.
 */
import { createContext, useContext, type ReactNode } from "react";
import { formatPath } from "#contract";
import { fieldId, getIn, type Draft, type FieldPath } from "../shared/spec-draft";

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
  const { draft, update, touch } = useSpecForm();
  const issues = useFieldIssues(props.path);
  const value = getIn(draft, props.path);
  const common = {
    id: fieldId(props.path),
    value: typeof value === "string" ? value : "",
    placeholder: props.placeholder,
    readOnly: props.readOnly,
    "aria-invalid": issues.length > 0,
    "aria-describedby": describedBy(props.path, issues.length > 0, props.hint !== undefined),
    onBlur: () => {
      touch(props.path);
    },
  };
  return (
    <FieldShell {...props}>
      {props.multiline ? (
        <textarea
          {...common}
          onChange={(event) => {
            update(props.path, event.target.value);
          }}
        />
      ) : (
        <input
          type="text"
          {...common}
          onChange={(event) => {
            update(props.path, event.target.value);
          }}
        />
      )}
    </FieldShell>
  );
}

/** Empty input removes optional numbers from the spec instead of writing 0. */
export function NumberField(props: FieldProps & { step?: number; min?: number }) {
  const { draft, update, touch } = useSpecForm();
  const issues = useFieldIssues(props.path);
  const value = getIn(draft, props.path);
  return (
    <FieldShell {...props}>
      <input
        type="number"
        id={fieldId(props.path)}
        inputMode="decimal"
        step={props.step ?? 1}
        min={props.min}
        value={typeof value === "number" ? value : ""}
        aria-invalid={issues.length > 0}
        aria-describedby={describedBy(props.path, issues.length > 0, props.hint !== undefined)}
        onBlur={() => {
          touch(props.path);
        }}
        onChange={(event) => {
          const text = event.target.value;
          update(props.path, text === "" ? undefined : Number(text));
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
  const { draft, update, touch } = useSpecForm();
  const issues = useFieldIssues(props.path);
  const value = getIn(draft, props.path);
  return (
    <FieldShell {...props}>
      <select
        id={fieldId(props.path)}
        value={typeof value === "string" ? value : ""}
        aria-invalid={issues.length > 0}
        aria-describedby={describedBy(props.path, issues.length > 0, props.hint !== undefined)}
        onBlur={() => {
          touch(props.path);
        }}
        onChange={(event) => {
          const next = event.target.value;
          update(props.path, next === "" ? undefined : next);
        }}
      >
        {(props.optional === true || typeof value !== "string") && <option value="">—</option>}
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

export function CheckboxField({ path, label }: { path: FieldPath; label: string }) {
  const { draft, update } = useSpecForm();
  const value = getIn(draft, path);
  return (
    <div className="checkbox">
      <label htmlFor={fieldId(path)}>
        <input
          type="checkbox"
          id={fieldId(path)}
          checked={value === true}
          onChange={(event) => {
            update(path, event.target.checked);
          }}
        />
        {label}
      </label>
      <FieldIssues path={path} />
    </div>
  );
}
