/**
 * The key a stored plan preview is kept under: a SHA-256 of the spec in canonical JSON (object keys
 * sorted, so a reordered YAML import is the same spec) with the environment it is planned for.
 */
import { createHash } from "node:crypto";

/** JSON with object keys in sorted order at every depth; arrays keep their order (it matters). */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value)
      .filter(([, entry]) => entry !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([key, entry]) => `${JSON.stringify(key)}:${canonicalJson(entry)}`);
    return `{${entries.join(",")}}`;
  }
  // JSON has no undefined, functions or symbols (JSON.stringify would return undefined).
  if (value === undefined || typeof value === "function" || typeof value === "symbol")
    return "null";
  return JSON.stringify(value);
}

export function specHash(spec: unknown, environment: string): string {
  return createHash("sha256").update(canonicalJson({ environment, spec })).digest("hex");
}
