/**
 * The `lineage_writers` migration on a database that already holds lineage: a run's versions get
 * the domain whose keys sent the run's events; other versions, and the writes edges, of a linked
 * dataset count on for its product (so no SLA changes on upgrade); the rest stay unattributed.
 */
import { cpSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { DataProductSpec } from "#contract";
import { migrate } from "#db";
import { PRISMA_DIR } from "#db/paths";
import { exampleInput } from "../../support/specs";
import { DATABASE_TARGETS, freshDatabase, type TestDatabase } from "../../support/database";

const MIGRATION = "20261205224236_lineage_writers";

/** A copy of prisma/migrations holding only the migrations `keep` accepts by name. */
function migrationsWhere(keep: (name: string) => boolean): string {
  const dir = mkdtempSync(join(tmpdir(), "meshplane-migrations-"));
  cpSync(join(PRISMA_DIR, "migrations"), dir, { recursive: true });
  for (const entry of readdirSync(dir, { withFileTypes: true }))
    if (entry.isDirectory() && !keep(entry.name))
      rmSync(join(dir, entry.name), { recursive: true });
  return dir;
}

describe.each(DATABASE_TARGETS)("the lineage_writers migration on %s", (target) => {
  let db: TestDatabase | undefined;
  afterEach(async () => {
    await db?.close();
    db = undefined;
  });

  it("attributes existing versions and writes edges without changing what counts", async () => {
    db = await freshDatabase(target, { migrate: false });
    await migrate(db.url, { migrationsDir: migrationsWhere((name) => name < MIGRATION) });
    const sql = db.prisma.$executeRawUnsafe.bind(db.prisma);
    // Raw SQL: the client knows the current schema, whose later columns this one lacks.
    for (const slug of ["payments", "customer"])
      await sql(
        `INSERT INTO domains (id, slug, name, updated_at) VALUES ($1, $1, $1, now())`,
        slug,
      );
    const spec = DataProductSpec.parse(exampleInput("fraud-scores.yaml"));
    const product = { id: "product-1" };
    await sql(
      `INSERT INTO data_products (id, domain, name, display_name, description, tier,
         classification, cloud, region, owner_team, owner_emails, spec, status, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6::tier, $7::classification, $8::cloud, $9, $10, $11, $12,
         'live', now())`,
      product.id,
      spec.domain,
      spec.name,
      spec.displayName,
      spec.description,
      spec.tier,
      spec.classification,
      spec.target.cloud,
      spec.target.region,
      spec.owners.team,
      spec.owners.emails,
      JSON.stringify(spec),
    );
    for (const domain of ["payments", "customer"])
      await sql(
        `INSERT INTO lineage_api_keys (id, domain, label, prefix, hash) VALUES ($1, $2, $2, $2, $2)`,
        `key-${domain}`,
        domain,
      );
    const node = (id: number, kind: string, name: string) =>
      sql(
        `INSERT INTO lineage_nodes (id, kind, namespace, name) VALUES ($1, $2, 'ns', $3)`,
        id,
        kind,
        name,
      );
    await node(1, "job", "job");
    await node(2, "dataset", "linked");
    await node(3, "dataset", "unlinked");
    await db.prisma.datasetProductLink.create({
      data: { datasetId: 2, productId: product.id, source: "automatic" },
    });
    const event = (id: string, runId: string, key: string) =>
      sql(
        `INSERT INTO lineage_events (id, hash, kind, event_time, run_id, producer, payload, api_key_id)
         VALUES ($1, $1, 'run', now(), $2, 'test', '{}', $3)`,
        id,
        runId,
        key,
      );
    await event("e1", "run-customer", "key-customer");
    await event("e2", "run-payments", "key-payments");
    await event("e3", "run-both", "key-payments");
    await event("e4", "run-both", "key-customer");
    const version = (id: string, dataset: number, runId: string | null) =>
      sql(
        `INSERT INTO dataset_versions (id, dataset_id, run_id, role, at) VALUES ($1, $2, $3, 'output', now())`,
        id,
        dataset,
        runId,
      );
    await version("v-customer", 2, "run-customer");
    await version("v-payments", 2, "run-payments");
    await version("v-both", 2, "run-both");
    await version("v-static", 2, null);
    await version("v-unlinked", 3, null);
    await sql(
      `INSERT INTO lineage_edges (source_id, target_id, kind) VALUES (1, 2, 'writes'), (1, 3, 'writes'), (2, 1, 'reads')`,
    );

    // Later migrations stay out: this test is about the database as this one found it.
    const throughThis = migrationsWhere((name) => name <= MIGRATION);
    expect(await migrate(db.url, { migrationsDir: throughThis })).toEqual([MIGRATION]);

    const versions = await db.prisma.datasetVersion.findMany({
      select: { id: true, writerDomain: true },
      orderBy: { id: "asc" },
    });
    expect(versions).toEqual([
      { id: "v-both", writerDomain: "payments" },
      { id: "v-customer", writerDomain: "customer" },
      { id: "v-payments", writerDomain: "payments" },
      { id: "v-static", writerDomain: "payments" },
      { id: "v-unlinked", writerDomain: null },
    ]);
    const edges = await db.prisma.lineageEdge.findMany({
      select: { targetId: true, kind: true, domains: true },
      orderBy: [{ sourceId: "asc" }, { targetId: "asc" }],
    });
    expect(edges).toEqual([
      { targetId: 2, kind: "writes", domains: ["payments"] },
      { targetId: 3, kind: "writes", domains: [] },
      { targetId: 1, kind: "reads", domains: [] },
    ]);
  });
});
