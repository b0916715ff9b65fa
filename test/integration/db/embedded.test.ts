/** The embedded server: several pg connections on PGlite's one session, persistence, locking. */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmbeddedDatabase, type EmbeddedDatabase } from "#db";

describe("embedded database", () => {
  let root: string;
  let database: EmbeddedDatabase;
  let pool: pg.Pool;
  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), "meshplane-embedded-"));
    database = await startEmbeddedDatabase({ dataDir: join(root, "pglite") });
    pool = new pg.Pool({ connectionString: database.url, max: 8 });
    await pool.query("CREATE TABLE items (id int PRIMARY KEY, body text NOT NULL)");
  });
  afterAll(async () => {
    await pool.end();
    await database.stop();
    rmSync(root, { recursive: true, force: true });
  });

  it("keeps each connection's queries whole, even ones larger than a TCP read", async () => {
    // Without the session queue, a Parse from one connection lands between another's Parse and
    // Bind and the second query fails or returns the first one's rows.
    const big = "x".repeat(300_000);
    const results = await Promise.all(
      Array.from({ length: 120 }, async (_, i) => {
        const { rows } =
          i % 2 === 0
            ? await pool.query<{ v: number; n: number }>(
                "SELECT $1::int AS v, length($2::text) AS n",
                [i, big],
              )
            : await pool.query<{ v: number; n: number }>("SELECT $1::int AS v, 0 AS n", [i]);
        return rows[0];
      }),
    );
    expect(results).toEqual(
      Array.from({ length: 120 }, (_, i) => ({ v: i, n: i % 2 === 0 ? big.length : 0 })),
    );
  });

  it("isolates a transaction from the other connections until it commits", async () => {
    const writer = await pool.connect();
    try {
      await writer.query("BEGIN");
      await writer.query("INSERT INTO items VALUES (1, 'one')");
      const reader = pool.query<{ n: number }>("SELECT count(*)::int AS n FROM items");
      await writer.query("INSERT INTO items VALUES (2, 'two')");
      await writer.query("COMMIT");
      // The reader waited for the session: it sees both rows or none, never one.
      expect([0, 2]).toContain((await reader).rows[0]?.n);
    } finally {
      writer.release();
    }
  });

  it("rolls back what a client left open when its connection drops", async () => {
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    await client.query("BEGIN");
    await client.query("INSERT INTO items VALUES (99, 'left behind')");
    await client.end();
    const { rows } = await pool.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM items WHERE id = 99",
    );
    expect(rows[0]?.n).toBe(0);
  });

  it("refuses a second server on the same data directory", async () => {
    await expect(startEmbeddedDatabase({ dataDir: join(root, "pglite") })).rejects.toThrow(
      /is in use by process/,
    );
  });

  it("fails cleanly when the port is taken, leaving the directory free", async () => {
    const dataDir = join(root, "busy-port");
    await expect(startEmbeddedDatabase({ dataDir, port: database.port })).rejects.toThrow(
      /EADDRINUSE/,
    );
    const retry = await startEmbeddedDatabase({ dataDir });
    await retry.stop();
  });

  it("keeps its data across restarts, on a fixed port if asked", async () => {
    const dataDir = join(root, "restart");
    const first = await startEmbeddedDatabase({ dataDir });
    const client = new pg.Client({ connectionString: first.url });
    await client.connect();
    await client.query("CREATE TABLE kept (v text); INSERT INTO kept VALUES ('still here')");
    await client.end();
    await first.stop();

    const second = await startEmbeddedDatabase({ dataDir, port: first.port });
    try {
      expect(second.url).toBe(first.url);
      const again = new pg.Client({ connectionString: second.url });
      await again.connect();
      const { rows } = await again.query<{ v: string }>("SELECT v FROM kept");
      await again.end();
      expect(rows).toEqual([{ v: "still here" }]);
    } finally {
      await second.stop();
    }
  });
});
