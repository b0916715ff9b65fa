/**
 * Free text that is trimmed before its length is checked ("a reason of at least 3 characters"
 * does not count surrounding blanks). The JSON Schema pattern says the same to clients and to
 * generators such as schemathesis: at least `min` characters from the first to the last
 * non-blank one, and no NUL (PostgreSQL stores none; the API refuses it).
 */
import { z } from "zod";

/** Not blank for String.prototype.trim (JavaScript's `\s`, BOM included) and not NUL. */
const EDGE = "[^\\s\\ufeff\\u0000]";
const ANY = "[^\\u0000]";

export function trimmedTextPattern(min: number): string {
  if (min <= 1) return `^${ANY}*${EDGE}${ANY}*$`;
  return `^${ANY}*${EDGE}${ANY}{${String(min - 2)},}${EDGE}${ANY}*$`;
}

export function TrimmedText(min: number, max: number, tooShort?: string) {
  return z
    .string()
    .trim()
    .min(min, tooShort)
    .max(max)
    .meta({ pattern: trimmedTextPattern(min) });
}
