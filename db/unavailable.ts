/**
 * Whether an error means the database cannot be reached right now (down, restarting, refusing
 * connections, pool exhausted) rather than that a query was wrong: the API answers the first with
 * 503 and Retry-After, the second stays a 500. Recognised by code, through Prisma's wrapping
 * (`code`/`errorCode`, `meta.driverAdapterError`), driver adapter error kinds, pg's SQLSTATEs and
 * Node's socket errors, following `cause` chains. Duck-typed: it needs no Prisma import.
 */

/** Prisma: can't reach, timed out, operations timed out, server closed, pool timeout. */
const PRISMA_CODES = new Set(["P1001", "P1002", "P1008", "P1017", "P2024"]);
/** @prisma/driver-adapter-utils error kinds of the same. */
const ADAPTER_KINDS = new Set([
  "DatabaseNotReachable",
  "ConnectionClosed",
  "SocketTimeout",
  "TooManyConnections",
  "TransactionStartTimeout",
]);
/** SQLSTATE: admin/crash shutdown, cannot connect now, too many connections. Class 08 too. */
const SQL_STATES = new Set(["57P01", "57P02", "57P03", "53300"]);
const SOCKET_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EPIPE",
]);

function field(value: unknown, key: string): unknown {
  return typeof value === "object" && value !== null
    ? (value as Record<string, unknown>)[key]
    : undefined;
}

function unavailableCode(code: unknown): boolean {
  if (typeof code !== "string") return false;
  return (
    PRISMA_CODES.has(code) ||
    ADAPTER_KINDS.has(code) ||
    SQL_STATES.has(code) ||
    SOCKET_CODES.has(code) ||
    /^08[0-9A-Z]{3}$/.test(code)
  );
}

export function isDatabaseUnavailable(error: unknown): boolean {
  const seen = new Set<unknown>();
  const queue: unknown[] = [error];
  while (queue.length > 0 && seen.size < 20) {
    const current = queue.shift();
    if (typeof current !== "object" || current === null || seen.has(current)) continue;
    seen.add(current);
    if (
      ["code", "errorCode", "kind", "originalCode"].some((key) =>
        unavailableCode(field(current, key)),
      )
    )
      return true;
    queue.push(field(current, "cause"), field(field(current, "meta"), "driverAdapterError"));
    const errors = field(current, "errors"); // AggregateError: one per address tried
    if (Array.isArray(errors)) queue.push(...(errors as unknown[]));
  }
  return false;
}
