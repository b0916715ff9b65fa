import { describe, expect, it, vi } from "vitest";
import type { Db } from "#db/client";
import {
  KEY_CACHE_TTL_MS,
  principalForKey,
  principalForKeyId,
  revokeApiKey,
} from "#portal/server/lineage/api-keys";
import { sha256Hex } from "#workflow/ids";

vi.mock("server-only", () => ({}));

interface KeyRow {
  id: string;
  domain: string;
  label: string;
  hash: string;
  scopes: string[];
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

/** The few lineageApiKey calls the key service makes, over one in-memory table, counted. */
function fakeDb(rows: KeyRow[]) {
  const lookups = { count: 0 };
  const find = (where: { hash?: string; id?: string }) =>
    rows.find((row) => (where.hash !== undefined ? row.hash === where.hash : row.id === where.id));
  const db = {
    lineageApiKey: {
      findUnique: ({ where }: { where: { hash?: string; id?: string } }) => {
        lookups.count += 1;
        return Promise.resolve(find(where) ?? null);
      },
      findFirst: ({ where }: { where: { id: string; domain: string } }) =>
        Promise.resolve(rows.find((r) => r.id === where.id && r.domain === where.domain) ?? null),
      update: ({ where, data }: { where: { id: string }; data: Partial<KeyRow> }) => {
        const row = find(where);
        if (row === undefined) throw new Error("no row");
        Object.assign(row, data);
        return Promise.resolve(row);
      },
    },
  };
  return { db: db as unknown as Db, lookups };
}

let serial = 0;
function keyRow(): { key: string; row: KeyRow } {
  serial += 1;
  const key = `mpl_unit-test-key-${serial}-${Math.random()}`;
  return {
    key,
    row: {
      id: `key-${serial}-${Math.random()}`,
      domain: "payments",
      label: "unit",
      hash: sha256Hex(key),
      scopes: ["lineage:write"],
      lastUsedAt: null,
      revokedAt: null,
    },
  };
}

describe("verified API keys are remembered briefly", () => {
  it("answers a known key from memory within the TTL and asks the database again after it", async () => {
    const { key, row } = keyRow();
    const { db, lookups } = fakeDb([row]);
    const t0 = new Date("2026-01-01T00:00:00Z");
    const first = await principalForKey(db, key, t0);
    const again = await principalForKey(db, key, new Date(t0.getTime() + KEY_CACHE_TTL_MS - 1));
    expect([first?.keyId, again?.keyId, again?.domain, [...(again?.scopes ?? [])]]).toEqual([
      row.id,
      row.id,
      "payments",
      ["lineage:write"],
    ]);
    expect(lookups.count).toBe(1);
    await principalForKey(db, key, new Date(t0.getTime() + KEY_CACHE_TTL_MS + 1));
    expect(lookups.count).toBe(2);
  });

  it("refuses a key revoked here on the very next request, and does not remember it again", async () => {
    const { key, row } = keyRow();
    const { db } = fakeDb([row]);
    const now = new Date("2026-01-01T00:00:00Z");
    expect((await principalForKey(db, key, now))?.keyId).toBe(row.id);
    expect((await principalForKeyId(db, row.id, now))?.keyId).toBe(row.id);
    await revokeApiKey(db, "payments", row.id, now);
    expect(await principalForKey(db, key, now)).toBeUndefined();
    expect(await principalForKeyId(db, row.id, now)).toBeUndefined();
  });

  it("does not cache a row read while a revocation was still committing", async () => {
    const { key, row } = keyRow();
    const { db, lookups } = fakeDb([row]);
    const now = new Date("2026-01-01T00:00:00Z");
    // The revocation forgets the key before its transaction commits: a concurrent request still
    // reads the unrevoked row (and is let in, as the database says), but must not remember it.
    const revokedAt = row.revokedAt;
    await revokeApiKey(db, "payments", row.id, now);
    row.revokedAt = revokedAt; // not committed yet, as the concurrent reader sees it
    expect((await principalForKey(db, key, now))?.keyId).toBe(row.id);
    row.revokedAt = now; // committed
    expect(await principalForKey(db, key, new Date(now.getTime() + 1))).toBeUndefined();
    expect(lookups.count).toBe(2);
  });

  it("never remembers an unknown key", async () => {
    const { db, lookups } = fakeDb([]);
    const now = new Date();
    expect(await principalForKey(db, "mpl_unknown", now)).toBeUndefined();
    expect(await principalForKey(db, "mpl_unknown", now)).toBeUndefined();
    expect(lookups.count).toBe(2);
  });
});
