import "server-only";
/**
 * Domain API keys for OpenLineage producers and probers. The key is shown once at creation; only
 * its SHA-256 is stored (keys are 256 random bits, so a plain hash is enough: no brute force).
 */
import { randomBytes } from "node:crypto";
import type { LineageKeyPrincipal } from "../authz";
import type { Db } from "#db/client";
import { NotFoundError } from "../problems";
import { sha256Hex } from "./ids";

export const KEY_PREFIX = "mpl_";
/** Last-used times are written at most this often per key, not on every event. */
const LAST_USED_RESOLUTION_MS = 60_000;

export function newKey(): string {
  return `${KEY_PREFIX}${randomBytes(32).toString("base64url")}`;
}

export async function createApiKey(db: Db, domain: string, label: string, createdById: string) {
  const key = newKey();
  const row = await db.lineageApiKey.create({
    data: { domain, label, prefix: key.slice(0, 12), hash: sha256Hex(key), createdById },
  });
  return { key, row };
}

export async function listApiKeys(db: Db, domain: string) {
  return db.lineageApiKey.findMany({ where: { domain }, orderBy: { createdAt: "desc" } });
}

export async function revokeApiKey(db: Db, domain: string, id: string, now: Date) {
  const row = await db.lineageApiKey.findFirst({ where: { id, domain } });
  if (row === null) throw new NotFoundError(`no API key ${id} in ${domain}`);
  if (row.revokedAt !== null) return row;
  return db.lineageApiKey.update({ where: { id }, data: { revokedAt: now } });
}

/** The principal a bearer key stands for, or undefined when it is unknown or revoked. */
export async function principalForKey(
  db: Db,
  presented: string,
  now: Date,
): Promise<LineageKeyPrincipal | undefined> {
  if (!presented.startsWith(KEY_PREFIX)) return undefined;
  const row = await db.lineageApiKey.findUnique({ where: { hash: sha256Hex(presented) } });
  if (row === null || row.revokedAt !== null) return undefined;
  if (
    row.lastUsedAt === null ||
    now.getTime() - row.lastUsedAt.getTime() > LAST_USED_RESOLUTION_MS
  ) {
    await db.lineageApiKey.update({ where: { id: row.id }, data: { lastUsedAt: now } });
  }
  return {
    kind: "lineage-key",
    keyId: row.id,
    domain: row.domain,
    scopes: new Set(row.scopes),
  };
}
