/**
 * Lossless JSON for Iceberg metadata: snapshot ids are 64-bit longs (pyiceberg and Java draw them
 * from 63 random bits), beyond what a JavaScript number holds exactly. Integers outside the safe
 * range are parsed as `bigint` (from the reviver's source text) and written back digit for digit,
 * so a snapshot id survives a round trip through the catalog unchanged. Pure.
 */

/** A JSON integer as read here: a number when it is exact, a bigint when it would not be. */
export type JsonLong = number | bigint;

interface ReviverContext {
  source?: string;
}

type Reviver = (key: string, value: unknown, context?: ReviverContext) => unknown;
type RawJson = (text: string) => unknown;

const INTEGER = /^-?\d+$/;

const revive: Reviver = (_key, value, context) => {
  if (typeof value !== "number" || Number.isSafeInteger(value)) return value;
  const source = context?.source;
  return source !== undefined && INTEGER.test(source) ? BigInt(source) : value;
};

/** Sixteen digits in a row: the shortest number that can be beyond 2^53 (9,007,199,254,740,992). */
const LONG_DIGITS = /\d{16}/;

/**
 * JSON.parse keeping integers beyond 2^53 exact (as bigint). Throws SyntaxError like JSON.parse.
 * Text without sixteen digits in a row holds no such integer, so it skips the reviver (called for
 * every value, it makes the parse several times slower).
 */
export function parseJsonLossless(text: string): unknown {
  return LONG_DIGITS.test(text) ? JSON.parse(text, revive) : JSON.parse(text);
}

function rawJson(): RawJson {
  const raw = Reflect.get(JSON, "rawJSON") as RawJson | undefined;
  if (raw === undefined) throw new Error("JSON.rawJSON is missing: Node.js 22 or newer is needed");
  return raw;
}

/** JSON.stringify that writes bigints as plain JSON integers. */
export function stringifyJsonLossless(value: unknown, indent?: number): string {
  const raw = rawJson();
  return JSON.stringify(
    value,
    (_key, item: unknown) => (typeof item === "bigint" ? raw(item.toString()) : item),
    indent,
  );
}

/** Whether two JSON integers are the same number, whichever way each was read. */
export function sameLong(a: JsonLong | null | undefined, b: JsonLong | null | undefined): boolean {
  if (a === null || a === undefined || b === null || b === undefined)
    return (a ?? null) === (b ?? null);
  return BigInt(a) === BigInt(b);
}
