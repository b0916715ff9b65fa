/**
 * The key a stored plan preview is kept under: a SHA-256 of the spec in canonical JSON (object keys
 * sorted, so a reordered YAML import is the same spec) with the environment it is planned for.
 * Pure (no Node crypto), like the rest of core/.
 */
import { sha256 } from "@noble/hashes/sha2.js";
import { bytesToHex, utf8ToBytes } from "@noble/hashes/utils.js";
import { canonicalJson } from "#lib/canonical-json";

export function specHash(spec: unknown, environment: string): string {
  return bytesToHex(sha256(utf8ToBytes(canonicalJson({ environment, spec }))));
}
