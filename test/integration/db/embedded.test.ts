/**
 * The embedded server: several pg connections on PGlite's one session, persistence, locking, and
 * the password and file permissions that keep other local users out.
 */
import { mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmbeddedDatabase, type EmbeddedDatabase } from "#db";

/** `url` with its user and password replaced. */
function withCredentials(url: string, user: string, password: string): string {
  const changed = new URL(url);
  changed.username = user;
  changed.password = password;
  return changed.toString();
}

async function connectError(url: string): Promise<unknown> {
  const client = new pg.Client({ connectionString: url });
  try {
    await client.connect();
    await client.end();
    return undefined;
  } catch (error) {
    return error;
  }
}

/** What the server answers a bare StartupMessage with: the first message's type and code. */
function firstAnswer(port: number): Promise<{ type: string; code: number }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, "127.0.0.1");
    const body = Buffer.from("user\0postgres\0database\0postgres\0\0");
    const startup = Buffer.alloc(8);
    startup.writeInt32BE(8 + body.length, 0);
    startup.writeInt32BE(196_608, 4);
    socket.on("error", reject);
    socket.once("data", (data) => {
      resolve({ type: String.fromCharCode(data[0] ?? 0), code: data.readInt32BE(5) });
      socket.destroy();
    });
    socket.write(Buffer.concat([startup, body]));
  });
}

/** Permission bits of every directory and file under `dir` (itself included). */
function modes(dir: string): { directories: Set<number>; files: Set<number> } {
  const found = { directories: new Set([statSync(dir).mode & 0o777]), files: new Set<number>() };
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    const mode = statSync(join(entry.parentPath, entry.name)).mode & 0o777;
    (entry.isDirectory() ? found.directories : found.files).add(mode);
  }
  return found;
}

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

  it("asks for the password, and refuses a wrong one, none, or another user", async () => {
    // PGlite alone answers any startup message with AuthenticationOk (R, code 0) as superuser.
    expect(await firstAnswer(database.port)).toEqual({ type: "R", code: 10 }); // SASL
    const password = new URL(database.url).password;
    expect(password).toMatch(/^[0-9a-f]{64}$/);
    expect(await connectError(withCredentials(database.url, "postgres", "postgres"))).toMatchObject(
      { code: "28P01", message: 'password authentication failed for user "postgres"' },
    );
    expect(await connectError(withCredentials(database.url, "postgres", ""))).toBeInstanceOf(Error);
    expect(await connectError(withCredentials(database.url, "admin", password))).toMatchObject({
      code: "28P01",
    });
    // The server still serves the clients that know the password.
    const { rows } = await pool.query<{ n: number }>("SELECT 1 AS n");
    expect(rows).toEqual([{ n: 1 }]);
  });

  it("keeps its directory, its files and its password to the owner", () => {
    const dataDir = join(root, "pglite");
    expect(modes(dataDir)).toEqual({ directories: new Set([0o700]), files: new Set([0o600]) });
    expect(statSync(`${dataDir}.password`).mode & 0o777).toBe(0o600);
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
