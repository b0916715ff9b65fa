import "server-only";
/**
 * Server-side error logging with secrets masked: an error's message or stack may quote a connection
 * URL, a token or a `secret=` assignment, and logs are read by more people than the database is.
 */
import { inspect } from "node:util";
import { createMasker, credentialValues } from "#lib/masking";

export function logError(context: string, error: unknown): void {
  const masker = createMasker(credentialValues(process.env));
  const detail = error instanceof Error ? (error.stack ?? error.message) : inspect(error);
  console.error(`${context}: ${masker.text(detail)}`);
}
