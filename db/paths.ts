/**
 * Where the database's files live: the schema and migrations in the repository, the embedded
 * database under the data directory (config/base.ts says where that is).
 */
import { join, resolve } from "node:path";

export const PRISMA_DIR = join(resolve(import.meta.dirname, ".."), "prisma");

/** The embedded database's PGlite directory: `<dataDir>/pglite`. */
export function embeddedDataDir(dataDir: string): string {
  return join(dataDir, "pglite");
}
