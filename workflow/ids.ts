/**
 * Ids and hashes for rows the lineage ingestion and the audit log insert with plain SQL (Prisma's `uuid(7)` default
 * runs in the client, so SQL inserts bring their own): UUIDv7 like every other table.
 */
import { createHash, randomBytes } from "node:crypto";
import { canonicalJson } from "#lib/canonical-json";

/** RFC 9562 UUIDv7: 48-bit Unix milliseconds, version 7, variant 10, random bits. */
export function uuidv7(now: number = Date.now()): string {
  const bytes = randomBytes(16);
  bytes.writeUIntBE(now, 0, 6);
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x70;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = bytes.toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The idempotency key of an event: a redelivery, whatever its key order, hashes the same. */
export function eventHash(event: unknown): string {
  return createHash("sha256").update(canonicalJson(event), "utf8").digest("hex");
}

export function sha256Hex(text: string): string {
  return createHash("sha256").update(text, "utf8").digest("hex");
}
