/**
 * A fresh, migrated database per benchmark target: the embedded PGlite (in a child process, see
 * embedded-server.ts) on a temporary data directory, or a new database on the PostgreSQL given by
 * MESHPLANE_BENCH_POSTGRES_URL (an admin URL whose role may CREATE DATABASE, as .ci/start-postgres.sh
 * sets up). Both are migrated by the same code the app uses.
 */
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { z } from "zod";
import { migrate } from "#db";
import { queryOnce } from "#db/query-once";

export type BenchTarget = "embedded" | "postgres";
export const POSTGRES_URL_VARIABLE = "MESHPLANE_BENCH_POSTGRES_URL";

export interface BenchDatabase {
  target: BenchTarget;
  url: string;
  /** The server's `SELECT version()`. */
  version: string;
  drop: () => Promise<void>;
}

export async function openDatabase(target: BenchTarget): Promise<BenchDatabase> {
  const raw = target === "embedded" ? await startEmbedded() : await createPostgres();
  try {
    await migrate(raw.url);
    return { target, ...raw, version: await serverVersion(raw.url) };
  } catch (error) {
    await raw.drop();
    throw error;
  }
}

async function serverVersion(url: string): Promise<string> {
  const [row] = await queryOnce<{ version: string }>(url, "SELECT version()");
  return row?.version ?? "unknown";
}

const Ready = z.object({ url: z.string() });

async function startEmbedded(): Promise<{ url: string; drop: () => Promise<void> }> {
  const root = mkdtempSync(join(tmpdir(), "meshplane-bench-"));
  const child = spawn(
    process.execPath,
    [...process.execArgv, join(import.meta.dirname, "embedded-server.ts"), join(root, "pglite")],
    { stdio: ["ignore", "pipe", "inherit"] },
  );
  const exited = new Promise<void>((resolve) =>
    child.once("exit", () => {
      resolve();
    }),
  );
  const lines = createInterface({ input: child.stdout });
  const first = await new Promise<string>((resolve, reject) => {
    lines.once("line", resolve);
    child.once("exit", (code) => {
      reject(new Error(`embedded database exited with ${code}`));
    });
  });
  lines.close();
  return {
    url: Ready.parse(JSON.parse(first)).url,
    drop: async () => {
      child.kill("SIGTERM");
      await exited;
      rmSync(root, { recursive: true, force: true });
    },
  };
}

async function createPostgres(): Promise<{ url: string; drop: () => Promise<void> }> {
  const adminUrl = process.env[POSTGRES_URL_VARIABLE];
  if (adminUrl === undefined || adminUrl === "") {
    throw new Error(
      `${POSTGRES_URL_VARIABLE} is not set: give an admin URL of a PostgreSQL whose role may CREATE DATABASE ` +
        "(bash .ci/start-postgres.sh sets one up: postgresql://meshplane:meshplane@127.0.0.1:5432/postgres)",
    );
  }
  const name = `meshplane_bench_${randomBytes(6).toString("hex")}`;
  await queryOnce(adminUrl, `CREATE DATABASE "${name}"`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      await queryOnce(adminUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    },
  };
}
