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

/** How long one outage message covers: failures within it are counted, not logged. */
export const OUTAGE_LOG_WINDOW_MS = 60_000;

let outage: { loggedAt: number; suppressed: number } | undefined;

/**
 * An outage (the database unreachable) fails every request alike: one line per window says so,
 * with how many failures the previous window hid, instead of a stack trace per request.
 */
export function logOutage(context: string, error: unknown, now = Date.now()): void {
  if (outage !== undefined && now - outage.loggedAt < OUTAGE_LOG_WINDOW_MS) {
    outage.suppressed += 1;
    return;
  }
  const masker = createMasker(credentialValues(process.env));
  const hidden =
    outage === undefined ? "" : ` (${String(outage.suppressed)} more since the last report)`;
  const message = error instanceof Error ? error.message.split("\n").filter(Boolean).at(-1) : "";
  console.error(`${context}: the database is unreachable${hidden}: ${masker.text(message ?? "")}`);
  outage = { loggedAt: now, suppressed: 0 };
}

/** A request reached the database again: the next failure starts a new outage report. */
export function outageOver(): void {
  if (outage === undefined) return;
  console.error(
    `[api] the database is reachable again (${String(outage.suppressed)} more failures since the last report)`,
  );
  outage = undefined;
}
