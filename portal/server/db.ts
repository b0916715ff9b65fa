import "server-only";
// The client module only: #db's index also exports the seed and migrations, which read files
// next to their sources and have no place in the Next bundle.
import { ConfigError, portalConfig } from "#config";
import { createPrismaClient, type Database } from "#db/client";

// Kept on globalThis so `next dev` reloads do not open a new pool per edit.
const holder = globalThis as typeof globalThis & { meshplaneDb?: Database };

/** The portal's one Prisma client. */
export function db(): Database {
  if (holder.meshplaneDb === undefined) {
    const url = portalConfig().databaseUrl;
    if (url === undefined) {
      throw new ConfigError(
        "DATABASE_URL is not set: start the portal with `npm start` (embedded database) or set it",
      );
    }
    holder.meshplaneDb = createPrismaClient(url);
  }
  return holder.meshplaneDb;
}

export function setDbForTests(client: Database | undefined): void {
  holder.meshplaneDb = client;
}
