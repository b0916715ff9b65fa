/**
 * The embedded default: PostgreSQL compiled to WebAssembly (PGlite), persisted in a local
 * directory and served on loopback over the Postgres wire protocol, so the app, the migrations
 * and the tests talk to it through pg + @prisma/adapter-pg exactly as they talk to PostgreSQL.
 *
 * PGlite is one single-user backend: every connection shares its one session. The server here
 * uses pglite-socket's connection handler with our SessionQueue (session-queue.ts), which gives
 * the session to one connection for a whole query cycle or transaction at a time; a pg Pool of
 * any size is then safe, its connections simply take turns.
 *
 * PGlite itself trusts every connection, so the socket asks for a password first (wire-auth.ts):
 * generated once into `<dataDir>.password` (0600) beside the data directory, or per start for an
 * in-memory database, and part of the URL this returns. The data directory is 0700 and its files
 * 0600: PGlite's initdb writes its files world-writable (0666, whatever the umask), so they are
 * tightened after every open.
 */
import { randomBytes } from "node:crypto";
import { readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type AddressInfo, type Server, type Socket } from "node:net";
import { dirname, join, resolve } from "node:path";
import type { PGlite } from "@electric-sql/pglite";
import type { PGLiteSocketHandler } from "@electric-sql/pglite-socket";
import { ensurePrivateDirectory, generatedSecret, tighten, tightenFile } from "#config";
import { scramVerifier } from "./scram";
import { SessionQueue } from "./session-queue";
import { authenticate, type Credentials } from "./wire-auth";

/** PGlite's one role: every client names it, and PGlite runs everything as it. */
const USER = "postgres";

export interface EmbeddedDatabaseOptions {
  /** PGlite's data directory, created if missing; omit for an in-memory database. */
  dataDir?: string | undefined;
  /** TCP port on 127.0.0.1; 0 (default) picks a free one. */
  port?: number | undefined;
  /** Connections served at once (default 64); the server refuses more. */
  maxConnections?: number | undefined;
}

export interface EmbeddedDatabase {
  /** postgresql:// URL for pg, Prisma and psql, the password included. */
  url: string;
  port: number;
  dataDir: string | undefined;
  /** Closes every connection (rolling back what they left open), then PGlite. */
  stop: () => Promise<void>;
}

export async function startEmbeddedDatabase(
  options: EmbeddedDatabaseOptions = {},
): Promise<EmbeddedDatabase> {
  const dataDir = options.dataDir === undefined ? undefined : resolve(options.dataDir);
  const unlock = dataDir === undefined ? () => {} : lockDataDir(dataDir);
  let db: PGlite | undefined;
  try {
    const password = dataDir === undefined ? randomBytes(32).toString("hex") : ownPassword(dataDir);
    const [{ PGlite }, { pg_trgm }] = await Promise.all([
      import("@electric-sql/pglite"),
      import("@electric-sql/pglite/contrib/pg_trgm"),
    ]);
    if (dataDir !== undefined) ensurePrivateDirectory(dataDir);
    // pg_trgm is a contrib module PGlite ships but loads only when asked: the catalog's typo
    // tolerance (migration catalog_trigram, portal/server/catalog-search.ts) needs it.
    const extensions = { pg_trgm };
    db = await PGlite.create(dataDir === undefined ? { extensions } : { dataDir, extensions });
    if (dataDir !== undefined) makePrivate(dataDir);
    const credentials = { user: USER, verifier: scramVerifier(password) };
    const served = await serve(db, credentials, options.port ?? 0, options.maxConnections ?? 64);
    const pglite = db;
    return {
      url: `postgresql://${USER}:${password}@127.0.0.1:${served.port}/postgres`,
      port: served.port,
      dataDir,
      stop: once(async () => {
        try {
          await served.close();
          await pglite.close();
        } finally {
          unlock();
        }
      }),
    };
  } catch (error) {
    await db?.close();
    unlock();
    throw error;
  }
}

/** The password of the database in `dataDir`: generated on its first start, kept beside it. */
function ownPassword(dataDir: string): string {
  return generatedSecret(`${dataDir}.password`);
}

/** Directories 0700, files 0600, throughout the data directory. */
function makePrivate(dir: string): void {
  tighten(dir, 0o700);
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) makePrivate(path);
    else if (entry.isFile()) tightenFile(path);
  }
}

async function serve(
  db: PGlite,
  credentials: Credentials,
  port: number,
  maxConnections: number,
): Promise<{ port: number; close: () => Promise<void> }> {
  const { PGLiteSocketHandler } = await import("@electric-sql/pglite-socket");
  const queue = new SessionQueue(db).asHandlerQueue();
  const handlers = new Set<PGLiteSocketHandler>();
  const authenticating = new Set<Socket>();

  /** Hands an authenticated client to pglite-socket, replaying the startup message to PGlite. */
  async function admit(socket: Socket): Promise<void> {
    authenticating.add(socket);
    const first = await authenticate(socket, credentials).finally(() => {
      authenticating.delete(socket);
    });
    if (first === undefined) return;
    const handler = new PGLiteSocketHandler({ queryQueue: queue, closeOnDetach: true });
    handlers.add(handler);
    const forget = () => handlers.delete(handler);
    handler.addEventListener("close", forget);
    handler.addEventListener("error", forget);
    try {
      await handler.attach(socket);
      socket.unshift(first);
      socket.resume();
    } catch {
      forget();
      socket.destroy();
    }
  }

  const server: Server = createServer((socket) => {
    void admit(socket);
  });
  server.maxConnections = maxConnections;
  await new Promise<void>((resolvePromise, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => {
      resolvePromise();
    });
  });
  const closed = new Promise<void>((resolvePromise) => server.once("close", resolvePromise));
  return {
    port: (server.address() as AddressInfo).port,
    close: async () => {
      server.close();
      for (const socket of authenticating) socket.destroy();
      await Promise.all([...handlers].map((handler) => handler.detach(true)));
      await closed;
    },
  };
}

/**
 * Two processes opening one PGlite directory corrupt it, so a `<dataDir>.lock` file holds the
 * owner's pid; a lock whose process is gone is taken over.
 */
function lockDataDir(dataDir: string): () => void {
  const lockFile = `${dataDir}.lock`;
  ensurePrivateDirectory(dirname(lockFile));
  try {
    writeFileSync(lockFile, String(process.pid), { flag: "wx", mode: 0o600 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    const holder = Number(readFileSync(lockFile, "utf8").trim());
    if (Number.isInteger(holder) && holder > 0 && isRunning(holder)) {
      throw new Error(
        `the embedded database in ${dataDir} is in use by process ${holder} (is \`npm start\` running?); ` +
          `stop it first, or delete ${lockFile} if that process is not Meshplane`,
        { cause: error },
      );
    }
    writeFileSync(lockFile, String(process.pid));
  }
  return () => {
    rmSync(lockFile, { force: true });
  };
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

function once(action: () => Promise<void>): () => Promise<void> {
  let done: Promise<void> | undefined;
  return () => (done ??= action());
}
