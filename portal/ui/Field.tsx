/**
 * A labelled form control in the portal's field layout: the label (tied to the control by `id`),
 * the control, and an optional hint under it. The spec form's path-bound fields have their own
 * shell (spec-form/fields.tsx), which adds the contract's issues.
 */
import type { ReactNode } from "react";

export function Field({
  id,
  label,
  hint,
  children,
}: {
  /** The control's id. */
  id: string;
  label: ReactNode;
  hint?: ReactNode;
  children: ReactNode;
}) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {children}
      {hint !== undefined && <p className="field-hint">{hint}</p>}
    </div>
  );
}
