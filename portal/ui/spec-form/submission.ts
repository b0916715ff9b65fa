/**
 * What the form tells the user when saving or submitting fails. Saving creates or updates the
 * draft and submitting is a second call, so a failed submit must not read as lost work. Pure.
 */
import type { SpecIssue } from "#contract";
import { messageOf } from "#lib/errors";
import { ApiProblem } from "../api-client";

/** The draft was saved; only its submission failed (the message must not suggest data loss). */
export class SubmitFailedError extends Error {
  constructor(cause: unknown) {
    super("submitting the saved draft failed", { cause });
  }
}

interface FailureFeedback {
  message: string;
  /** The API's field errors, as issues of the form's fields; undefined when it named none. */
  issues: SpecIssue[] | undefined;
}

export function failureFeedback(failure: unknown): FailureFeedback {
  const error = failure instanceof SubmitFailedError ? failure.cause : failure;
  const text = messageOf(error);
  return {
    message:
      failure instanceof SubmitFailedError
        ? `Your draft is saved, but submitting it failed: ${text}`
        : text,
    // The API reports body-relative paths (spec.table…); the form's fields are spec-relative.
    issues:
      error instanceof ApiProblem
        ? error.errors.map((issue) => ({ ...issue, path: issue.path.replace(/^spec\.?/, "") }))
        : undefined,
  };
}
