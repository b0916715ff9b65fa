/**
 * The key a stored plan preview is kept under: a SHA-256 of the spec in canonical JSON (object keys
 * sorted, so a reordered YAML import is the same spec) with the environment it is planned for.
 */
import { createHash } from "node:crypto";
import { canonicalJson } from "#lib/canonical-json";

export function specHash(spec: unknown, environment: string): string {
  return createHash("sha256").update(canonicalJson({ environment, spec })).digest("hex");
}
