/**
 * `npm run db:<command>`: the database commands, against DATABASE_URL when it is set and the
 * embedded PGlite in `<MESHPLANE_DATA_DIR>/pglite` otherwise.
 *
 *   migrate                   apply pending migrations
 *   seed                      upsert the example domains, users and products
 *   new-migration <name>      write the migration from the last one to schema.prisma
 *   new-migration --empty <name>   a blank migration for hand-written SQL (triggers, data)
 *   check                     exit 1 when schema.prisma has changes no migration holds
 */
import { parseArgs } from "node:util";
import { ConfigError, parseBaseConfig } from "#config";
import {
  createMigration,
  createPrismaClient,
  diffMigrationsToSchema,
  embeddedDataDir,
  migrate,
  seed,
  startEmbeddedDatabase,
} from "#db";

function log(message: string): void {
  console.log(`db: ${message}`);
}

/** Runs `work` against DATABASE_URL, or the embedded database started for the duration. */
async function withDatabase(work: (url: string) => Promise<void>): Promise<void> {
  const config = parseBaseConfig(process.env);
  if (config.databaseUrl !== undefined) {
    await work(config.databaseUrl);
    return;
  }
  const dataDir = embeddedDataDir(config.dataDir);
  log(`DATABASE_URL is not set: using the embedded database in ${dataDir}`);
  const embedded = await startEmbeddedDatabase({ dataDir });
  try {
    await work(embedded.url);
  } finally {
    await embedded.stop();
  }
}

async function migrateCommand(): Promise<void> {
  await withDatabase(async (url) => {
    const applied = await migrate(url);
    log(applied.length === 0 ? "up to date" : `applied ${applied.join(", ")}`);
  });
}

async function seedCommand(): Promise<void> {
  await withDatabase(async (url) => {
    const prisma = createPrismaClient(url);
    try {
      const summary = await seed(prisma);
      log(
        `seeded ${summary.domains} domains, ${summary.users} users, ` +
          `${summary.memberships} memberships, ${summary.products} products`,
      );
    } finally {
      await prisma.$disconnect();
    }
  });
}

async function newMigrationCommand(args: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args,
    options: { empty: { type: "boolean", default: false } },
    allowPositionals: true,
  });
  const name = positionals.join("_");
  if (name === "") throw new UsageError("usage: npm run db:new-migration -- [--empty] <name>");
  const created = await createMigration(name, { empty: values.empty });
  log(
    created === undefined
      ? "schema.prisma has no changes the migrations lack: nothing written"
      : `wrote ${created.path}`,
  );
}

async function checkCommand(): Promise<void> {
  const sql = await diffMigrationsToSchema();
  if (sql === "") {
    log("migrations are in sync with schema.prisma");
    return;
  }
  console.error(sql);
  throw new UsageError(
    "schema.prisma has changes no migration holds (above): run npm run db:new-migration -- <name>",
  );
}

class UsageError extends Error {}

/** Errors whose message says it all: a wrong command line, a bad configuration. */
function isExplained(error: unknown): error is Error {
  return error instanceof UsageError || error instanceof ConfigError;
}

const COMMANDS: Record<string, (args: string[]) => Promise<void>> = {
  migrate: migrateCommand,
  seed: seedCommand,
  "new-migration": newMigrationCommand,
  check: checkCommand,
};

async function main(argv: string[]): Promise<void> {
  const [command = "", ...args] = argv;
  const run = COMMANDS[command];
  if (run === undefined) {
    throw new UsageError(`usage: tsx tools/db/cli.ts <${Object.keys(COMMANDS).join("|")}> …`);
  }
  await run(args);
}

try {
  await main(process.argv.slice(2));
} catch (error) {
  console.error(`db: ${isExplained(error) ? error.message : String(error)}`);
  if (!isExplained(error) && error instanceof Error && error.stack !== undefined) {
    console.error(error.stack);
  }
  process.exitCode = 1;
}
