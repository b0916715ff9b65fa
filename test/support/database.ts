/**
 * Fresh databases for integration tests, on every target the run has: the embedded PGlite
 * always, and a real PostgreSQL when MESHPLANE_TEST_POSTGRES_URL is set (an admin URL whose
 * role may CREATE DATABASE). In CI (`CI=true`) that variable is required: a run that silently
 * skipped PostgreSQL would pass without testing what production runs.
 *
 *   describe.each(DATABASE_TARGETS)("products on %s", (target) => {
 *     let db: TestDatabase;
 *     beforeEach(async () => { db = await freshDatabase(target); });
 *     afterEach(async () => { await db.close(); });
 *     it("…", async () => { await db.prisma.domain.findMany(); });
 *   });
 *
 * Each database is new: a PGlite data directory under the OS temp dir, or a uniquely named
 * PostgreSQL database that `close` drops. Both are migrated (and optionally seeded) through the
 * same code the app uses.
 */
import { randomBytes } from "node:crypto";
import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createPrismaClient, migrate, seed, startEmbeddedDatabase, type PrismaClient } from "#db";
import { queryOnce } from "#db/query-once";

export type DatabaseTarget = "pglite" | "postgresql";

export const POSTGRES_URL_VARIABLE = "MESHPLANE_TEST_POSTGRES_URL";

/** The targets of this run; throws in CI when PostgreSQL is not configured. */
export function databaseTargets(env: NodeJS.ProcessEnv = process.env): DatabaseTarget[] {
  if (postgresAdminUrl(env) !== undefined) return ["pglite", "postgresql"];
  if (env.CI === "true") {
    throw new Error(
      `${POSTGRES_URL_VARIABLE} is not set: CI runs every database test against PostgreSQL too ` +
        "(see .ci/run, which starts PostgreSQL 15 and sets it)",
    );
  }
  return ["pglite"];
}

export const DATABASE_TARGETS: readonly DatabaseTarget[] = databaseTargets();

function postgresAdminUrl(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const url = env[POSTGRES_URL_VARIABLE];
  return url === undefined || url === "" ? undefined : url;
}

export interface FreshDatabaseOptions {
  /** Apply prisma/migrations (default true). */
  migrate?: boolean;
  /** Also run the seed (default false). */
  seed?: boolean;
}

export interface TestDatabase {
  target: DatabaseTarget;
  /** postgresql:// URL of this database. */
  url: string;
  /** A client on it, created on first use and disconnected by `close`. */
  readonly prisma: PrismaClient;
  /** Disconnects and deletes the database. */
  close: () => Promise<void>;
}

interface RawDatabase {
  url: string;
  drop: () => Promise<void>;
}

export async function freshDatabase(
  target: DatabaseTarget,
  options: FreshDatabaseOptions = {},
): Promise<TestDatabase> {
  const raw = target === "pglite" ? await freshPglite(options) : await freshPostgres();
  let client: PrismaClient | undefined;
  const database: TestDatabase = {
    target,
    url: raw.url,
    get prisma() {
      client ??= createPrismaClient(raw.url);
      return client;
    },
    close: async () => {
      await client?.$disconnect();
      await raw.drop();
    },
  };
  try {
    if (target === "postgresql" && options.migrate !== false) await migrate(raw.url);
    if (options.seed === true) await seed(database.prisma);
  } catch (error) {
    await database.close();
    throw error;
  }
  return database;
}

/** Runs `work` on a fresh database and always deletes it afterwards. */
export async function withFreshDatabase<T>(
  target: DatabaseTarget,
  work: (database: TestDatabase) => Promise<T>,
  options: FreshDatabaseOptions = {},
): Promise<T> {
  const database = await freshDatabase(target, options);
  try {
    return await work(database);
  } finally {
    await database.close();
  }
}

// ─── PGlite ────────────────────────────────────────────────────────────────────────────────

/**
 * initdb plus the migrations take seconds in PGlite, so each test process builds one migrated
 * and one empty template data directory and every fresh database starts from a copy of one.
 */
const templates = new Map<"empty" | "migrated", Promise<string>>();

function template(kind: "empty" | "migrated"): Promise<string> {
  let dir = templates.get(kind);
  if (dir === undefined) {
    dir = buildTemplate(kind);
    templates.set(kind, dir);
  }
  return dir;
}

async function buildTemplate(kind: "empty" | "migrated"): Promise<string> {
  const dataDir = join(mkdtempSync(join(tmpdir(), `meshplane-template-${kind}-`)), "pglite");
  const embedded = await startEmbeddedDatabase({ dataDir });
  try {
    if (kind === "migrated") await migrate(embedded.url);
  } finally {
    await embedded.stop();
  }
  return dataDir;
}

async function freshPglite(options: FreshDatabaseOptions): Promise<RawDatabase> {
  const source = await template(options.migrate === false ? "empty" : "migrated");
  const root = mkdtempSync(join(tmpdir(), "meshplane-test-"));
  const dataDir = join(root, "pglite");
  cpSync(source, dataDir, { recursive: true });
  const embedded = await startEmbeddedDatabase({ dataDir });
  return {
    url: embedded.url,
    drop: async () => {
      await embedded.stop();
      rmSync(root, { recursive: true, force: true });
    },
  };
}

// ─── PostgreSQL ────────────────────────────────────────────────────────────────────────────

async function freshPostgres(): Promise<RawDatabase> {
  const adminUrl = postgresAdminUrl();
  if (adminUrl === undefined) throw new Error(`${POSTGRES_URL_VARIABLE} is not set`);
  const name = `meshplane_test_${randomBytes(6).toString("hex")}`;
  await queryOnce(adminUrl, `CREATE DATABASE "${name}"`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: () => dropPostgres(adminUrl, name),
  };
}

/**
 * FORCE closes connections a failed test left open (PostgreSQL 13+). It also has to terminate
 * any autovacuum worker that happens to be on the new database, which a role without
 * pg_signal_backend may not do (SQLSTATE 42501); a plain DROP stops autovacuum itself.
 */
async function dropPostgres(adminUrl: string, name: string): Promise<void> {
  try {
    await queryOnce(adminUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  } catch (error) {
    if (!isInsufficientPrivilege(error)) throw error;
    await queryOnce(adminUrl, `DROP DATABASE IF EXISTS "${name}"`);
  }
}

function isInsufficientPrivilege(error: unknown): boolean {
  return error instanceof Error && "code" in error && error.code === "42501";
}
