import { cpSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { createMigration, diffMigrationsToSchema, migrate } from "#db";
import { PRISMA_DIR } from "#db/paths";
import { productColumns } from "#db/product-columns";
import { loadExampleSpecs } from "#contract/examples";
import { DATABASE_TARGETS, freshDatabase, type TestDatabase } from "../../support/database";

const MIGRATIONS = readdirSync(join(PRISMA_DIR, "migrations"), { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort();

const TABLES = [
  "_prisma_migrations",
  "access_grants",
  "accounts",
  "audit_log",
  "availability_probes",
  "column_lineage",
  "column_lineage_dataset",
  "data_products",
  "dataset_product_links",
  "dataset_versions",
  "deployment_events",
  "deployments",
  "domain_memberships",
  "domains",
  "iceberg_tables",
  "lineage_api_keys",
  "lineage_edges",
  "lineage_events",
  "lineage_nodes",
  "lineage_runs",
  "notifications",
  "product_requests",
  "product_versions",
  "request_comments",
  "request_status_changes",
  "request_submissions",
  "sessions",
  "sign_in_backoff",
  "sla_evaluations",
  "users",
  "verifications",
  "webhook_deliveries",
  "webhook_subscriptions",
  "worker_heartbeats",
];

/** Applies the migrations before the one whose name ends with `suffix` (to test its data step). */
async function migrateUpTo(url: string, suffix: string): Promise<void> {
  const index = MIGRATIONS.findIndex((name) => name.endsWith(suffix));
  const before = mkdtempSync(join(tmpdir(), "meshplane-migrations-"));
  for (const name of MIGRATIONS.slice(0, index)) {
    cpSync(join(PRISMA_DIR, "migrations", name), join(before, name), { recursive: true });
  }
  cpSync(
    join(PRISMA_DIR, "migrations", "migration_lock.toml"),
    join(before, "migration_lock.toml"),
  );
  await migrate(url, { migrationsDir: before });
}

describe.each(DATABASE_TARGETS)("migrations on %s", (target) => {
  let db: TestDatabase | undefined;
  afterEach(async () => {
    await db?.close();
    db = undefined;
  });

  it("apply every migration to an empty database, then nothing the second time", async () => {
    db = await freshDatabase(target, { migrate: false });
    expect(await migrate(db.url)).toEqual(MIGRATIONS);
    expect(await migrate(db.url)).toEqual([]);

    const tables = await db.prisma.$queryRaw<{ name: string }[]>`
      SELECT table_name AS name FROM information_schema.tables
      WHERE table_schema = 'public' ORDER BY table_name`;
    expect(tables.map((table) => table.name)).toEqual(TABLES);
    const applied = await db.prisma.$queryRaw<{ name: string; finished: boolean }[]>`
      SELECT migration_name AS name, finished_at IS NOT NULL AS finished
      FROM _prisma_migrations ORDER BY migration_name`;
    expect(applied).toEqual(MIGRATIONS.map((name) => ({ name, finished: true })));
  });

  it("records each product live before versions existed as its first version", async () => {
    db = await freshDatabase(target, { migrate: false });
    await migrateUpTo(db.url, "_product_versions");
    // Raw SQL: the client knows columns that later migrations add (domains.archived_at).
    await db.prisma.$executeRawUnsafe(
      `INSERT INTO domains (id, slug, name, updated_at) VALUES ('d-payments', 'payments', 'Payments', now())`,
    );
    const spec = loadExampleSpecs()[0]?.spec;
    if (spec === undefined) throw new Error("no example spec");
    const product = (name: string, status: "live" | "requested", version?: string) =>
      db?.prisma.dataProduct.create({
        data: {
          ...productColumns({ ...spec, domain: "payments", name, ...(version ? { version } : {}) }),
          domain: "payments",
          name,
          status,
        },
        // Only columns this old schema has (a full RETURNING would name later ones: sunset_at).
        select: { id: true, spec: true },
      });
    const live = await product("live-one", "live");
    const named = await product("named-one", "live", "2.3.0");
    await product("never-live", "requested");
    await migrate(db.url);
    const rows = await db.prisma.productVersion.findMany({ orderBy: { version: "asc" } });
    expect(rows.map((row) => [row.productId, row.version])).toEqual([
      [live?.id, "1.0.0"],
      [named?.id, "2.3.0"],
    ]);
    expect(rows[0]?.spec).toEqual(live?.spec);
  });

  it("keeps the dataset-wide column lineage of events projected before it was stored", async () => {
    db = await freshDatabase(target, { migrate: false });
    await migrateUpTo(db.url, "_column_lineage_dataset");
    const entry = (name: string, field: string, subtype: string) => ({
      namespace: "s3://lake",
      name,
      field,
      transformations: [{ type: "INDIRECT", subtype }],
    });
    const event = (id: string, at: string, dataset: unknown[], projected = true) =>
      db?.prisma.$executeRawUnsafe(
        `INSERT INTO lineage_events (id, hash, kind, event_type, event_time, producer, payload, projected_at)
         VALUES ($1, $1, 'run', 'COMPLETE', $2::timestamptz, 'p', $3::jsonb, $4::timestamptz)`,
        id,
        at,
        JSON.stringify({
          outputs: [
            {
              namespace: "s3://lake",
              name: "totals",
              facets: { columnLineage: { fields: {}, dataset } },
            },
          ],
        }),
        projected ? at : null,
      );
    for (const name of ["totals", "customers", "orders"]) {
      await db.prisma.$executeRawUnsafe(
        `INSERT INTO lineage_nodes (kind, namespace, name) VALUES ('dataset', 's3://lake', $1)`,
        name,
      );
    }
    await event("e1", "2026-01-01T00:00:00Z", [
      entry("customers", "customer_id", "JOIN"),
      entry("orders", "status", "FILTER"),
      entry("never-seen", "id", "JOIN"),
    ]);
    await event("e2", "2026-01-02T00:00:00Z", [entry("orders", "status", "GROUP_BY")]);
    // Not projected yet: the projector stores it when it gets to it.
    await event("e3", "2026-01-03T00:00:00Z", [entry("orders", "status", "SORT")], false);
    await migrate(db.url);
    const rows = await db.prisma.$queryRawUnsafe<{ field: string; subtype: string }[]>(
      `SELECT source_field AS field, transformation->0->>'subtype' AS subtype
       FROM column_lineage_dataset ORDER BY source_field`,
    );
    expect(rows).toEqual([
      { field: "customer_id", subtype: "JOIN" },
      { field: "status", subtype: "GROUP_BY" },
    ]);
  });
});

describe("schema.prisma and prisma/migrations", () => {
  it("are in sync: the diff from the migrations to the schema is empty", async () => {
    expect(await diffMigrationsToSchema()).toBe("");
  });

  it("a schema change shows up in the diff and becomes a new migration", async () => {
    const dir = mkdtempSync(join(tmpdir(), "meshplane-migrations-"));
    cpSync(join(PRISMA_DIR, "migrations"), join(dir, "migrations"), { recursive: true });
    const schemaPath = join(dir, "schema.prisma");
    const schema = readFileSync(join(PRISMA_DIR, "schema.prisma"), "utf8").replace(
      "model Domain {\n",
      'model Domain {\n  costCenter String? @map("cost_center")\n',
    );
    writeFileSync(schemaPath, schema);
    const sources = { schemaPath, migrationsDir: join(dir, "migrations") };

    const created = await createMigration("Add cost center!", {
      ...sources,
      now: new Date("2030-01-02T03:04:05Z"),
    });

    expect(created?.name).toBe("20300102030405_add_cost_center");
    expect(created?.sql).toContain('ALTER TABLE "domains" ADD COLUMN     "cost_center" TEXT;');
    expect(readFileSync(created?.path ?? "", "utf8")).toBe(created?.sql);
    expect(await diffMigrationsToSchema(sources)).toBe("");
    expect(await createMigration("again", sources)).toBeUndefined();
  });
});
