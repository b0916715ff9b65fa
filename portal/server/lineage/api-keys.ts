import "server-only";
/**
 * Domain API keys for OpenLineage producers and probers. The key is shown once at creation; only
 * its SHA-256 is stored (keys are 256 random bits, so a plain hash is enough: no brute force).
 *
 * A verified key is remembered in this process for KEY_CACHE_TTL_MS, so the hot paths (lineage
 * ingestion, the Iceberg catalog) do not look the same key up on every request. Revoking a key
 * here forgets it at once and keeps it out of the cache while the revocation commits, so the next
 * request with it is refused; a revocation made by another process (another portal replica)
 * reaches this one within the TTL. Unknown and revoked keys are never remembered.
 */
import { randomBytes } from "node:crypto";
import type { LineageKeyPrincipal } from "../authz";
import type { Db } from "#db/client";
import { NotFoundError } from "../problems";
import { sha256Hex } from "#workflow/ids";

export const KEY_PREFIX = "mpl_";
/** Last-used times are written at most this often per key, not on every event. */
const LAST_USED_RESOLUTION_MS = 60_000;

/** How long a verified key is trusted without asking the database again. */
export const KEY_CACHE_TTL_MS = 5_000;
/** At most this many keys are remembered; the oldest goes first. */
const KEY_CACHE_SIZE = 1_000;
/**
 * A key revoked here is not remembered for this long: longer than a mutation's transaction may
 * take to commit (withApi: 30 s), so a concurrent request cannot cache the row it read before the
 * revocation committed.
 */
const REVOKED_UNCACHEABLE_MS = 60_000;

interface RememberedKey {
  keyId: string;
  domain: string;
  scopes: readonly string[];
  expiresAt: number;
}

/** Verified keys by SHA-256 of the key (bearer keys) and by id (OAuth tokens name the id). */
const rememberedByHash = new Map<string, RememberedKey>();
const rememberedById = new Map<string, RememberedKey>();
/** Keys revoked by this process, until when they must not be remembered. */
const revokedHere = new Map<string, number>();

function principalOf(key: {
  keyId: string;
  domain: string;
  scopes: readonly string[];
}): LineageKeyPrincipal {
  return {
    kind: "lineage-key",
    keyId: key.keyId,
    domain: key.domain,
    scopes: new Set(key.scopes),
  };
}

function recalled(map: Map<string, RememberedKey>, id: string, nowMs: number) {
  const entry = map.get(id);
  if (entry === undefined) return undefined;
  if (entry.expiresAt > nowMs) return principalOf(entry);
  map.delete(id);
  return undefined;
}

function remember(
  hash: string | undefined,
  row: { id: string; domain: string; scopes: readonly string[] },
  nowMs: number,
): void {
  const until = revokedHere.get(row.id);
  if (until !== undefined) {
    if (until > nowMs) return;
    revokedHere.delete(row.id);
  }
  const entry = {
    keyId: row.id,
    domain: row.domain,
    scopes: [...row.scopes],
    expiresAt: nowMs + KEY_CACHE_TTL_MS,
  };
  for (const [map, id] of [
    [rememberedByHash, hash],
    [rememberedById, row.id],
  ] as const) {
    if (id === undefined) continue;
    map.delete(id);
    if (map.size >= KEY_CACHE_SIZE) {
      const oldest = map.keys().next();
      if (oldest.done !== true) map.delete(oldest.value);
    }
    map.set(id, entry);
  }
}

/** Forgets a key (it is being revoked) and keeps it from being remembered again for a while. */
export function forgetKey(keyId: string, nowMs: number): void {
  revokedHere.set(keyId, nowMs + REVOKED_UNCACHEABLE_MS);
  rememberedById.delete(keyId);
  for (const [hash, entry] of rememberedByHash)
    if (entry.keyId === keyId) rememberedByHash.delete(hash);
}

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
  forgetKey(row.id, now.getTime());
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
  const hash = sha256Hex(presented);
  const known = recalled(rememberedByHash, hash, now.getTime());
  if (known !== undefined) return known;
  const row = await db.lineageApiKey.findUnique({ where: { hash } });
  if (row === null || row.revokedAt !== null) return undefined;
  if (
    row.lastUsedAt === null ||
    now.getTime() - row.lastUsedAt.getTime() > LAST_USED_RESOLUTION_MS
  ) {
    await db.lineageApiKey.update({ where: { id: row.id }, data: { lastUsedAt: now } });
  }
  remember(hash, row, now.getTime());
  return principalOf({ keyId: row.id, domain: row.domain, scopes: row.scopes });
}

/** The principal behind a key id (an OAuth token's), or undefined when unknown or revoked. */
export async function principalForKeyId(
  db: Db,
  keyId: string,
  now: Date,
): Promise<LineageKeyPrincipal | undefined> {
  const known = recalled(rememberedById, keyId, now.getTime());
  if (known !== undefined) return known;
  const row = await db.lineageApiKey.findUnique({ where: { id: keyId } });
  if (row === null || row.revokedAt !== null) return undefined;
  remember(undefined, row, now.getTime());
  return principalOf({ keyId: row.id, domain: row.domain, scopes: row.scopes });
}
