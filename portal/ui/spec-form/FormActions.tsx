"use client";
/**
 * The form's buttons: save the draft, submit it for review; whether what is on screen is saved,
 * and whether the spec is valid yet.
 */
import type { SaveState } from "./use-request-form";

const SAVE_STATE_TEXT: Readonly<Record<Exclude<SaveState["kind"], "failed">, string>> = {
  unsaved: "Unsaved changes",
  saving: "Saving…",
  saved: "Saved",
};

export function FormActions({
  pending,
  saveState,
  issueCount,
  onSaveDraft,
}: {
  pending: boolean;
  saveState: SaveState;
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
      <span
        className="small"
        role="status"
        data-save-state={saveState.kind}
        data-tone={saveState.kind === "failed" ? "danger" : undefined}
      >
        {saveState.kind === "failed"
          ? `Not saved: ${saveState.message}`
          : SAVE_STATE_TEXT[saveState.kind]}
      </span>
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
