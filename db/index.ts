/**
 * The database module (`#db`) for the portal, the tools, the tests and the automation worker.
 * PGlite and the schema engine load only when startEmbeddedDatabase or a migration runs, so
 * importing this for the client costs nothing more.
 */
export {
  createPrismaClient,
  type Database,
  type Db,
  type PrismaClientOptions,
  type Transaction,
} from "./client";
export {
  startEmbeddedDatabase,
  type EmbeddedDatabase,
  type EmbeddedDatabaseOptions,
} from "./embedded";
export {
  createMigration,
  diffMigrationsToSchema,
  migrate,
  type MigrationSources,
  type NewMigration,
} from "./migrate";
export { embeddedDataDir } from "./paths";
export {
  SEED_DOMAINS,
  SEED_USERS,
  seed,
  type SeedDomain,
  type SeedOptions,
  type SeedSummary,
  type SeedUser,
} from "./seed";
export { productColumns } from "./product-columns";
export * from "../prisma/generated/client/client";
