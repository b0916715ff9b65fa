/**
 * Prisma CLI configuration (Prisma 7 reads the datasource URL from here, not from the schema).
 * Only `prisma generate` runs through the CLI: migrations go through db/migrate.ts, which
 * embeds Prisma's schema engine as WebAssembly so they work offline; see docs/database.md.
 */
import { defineConfig } from "prisma/config";

export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  // Optional: generate needs no database, so an unset DATABASE_URL must not fail loading this.
  datasource: { url: process.env.DATABASE_URL },
});
