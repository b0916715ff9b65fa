/** Where the database's files live in the repository and on this machine. */
import { join, resolve } from "node:path";

export const REPO_ROOT = resolve(import.meta.dirname, "..");
export const PRISMA_DIR = join(REPO_ROOT, "prisma");

/** `MESHPLANE_DATA_DIR`, or `.data` under the repository. */
export function dataDir(env: NodeJS.ProcessEnv = process.env): string {
  const configured = env.MESHPLANE_DATA_DIR;
  return configured === undefined || configured === ""
    ? join(REPO_ROOT, ".data")
    : resolve(configured);
}

/** The embedded database's PGlite directory: `<dataDir>/pglite`. */
export function embeddedDataDir(env: NodeJS.ProcessEnv = process.env): string {
  return join(dataDir(env), "pglite");
}
