"use client";
/** The form's buttons: save the draft, submit it for review, and whether the spec is valid yet. */

export function FormActions({
  pending,
  issueCount,
  onSaveDraft,
}: {
  pending: boolean;
  /** The contract's issues left in the draft. */
  issueCount: number;
  onSaveDraft: () => void;
}) {
  return (
    <div className="form-actions row">
      <button type="button" disabled={pending} onClick={onSaveDraft}>
        Save draft
      </button>
      <button type="submit" className="primary" disabled={pending}>
        Submit for review
      </button>
      <span className="muted small" aria-live="polite">
        {pending
          ? "Saving…"
          : issueCount === 0
            ? "The spec is valid."
            : `${issueCount} issue(s) to fix before submitting.`}
      </span>
    </div>
  );
}
