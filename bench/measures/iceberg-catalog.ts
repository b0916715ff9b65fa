/**
 * The Iceberg REST catalog (docs/iceberg.md): `loadTable` through its handler (auth, zod, the
 * product and table lookups, authorization, JSON) against the raw SELECT of the table's row, and
 * commit throughput through the handler (requirements, updates, a new metadata file, the
 * compare-and-swap, an audit entry) against the raw compare-and-swap UPDATE alone. The SQL is
 * written out here, not imported, so the baseline stays the database's own cost.
 */
import { randomUUID } from "node:crypto";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { performance } from "node:perf_hooks";
import * as table from "../../portal/app/api/iceberg/v1/[prefix]/namespaces/[namespace]/tables/[table]/route";
import { icebergTableInput, nextTableMetadata } from "../../components/local";
import { DataProductSpec, type DataProductOutputs } from "#contract";
import { loadExampleSpecs } from "#contract/examples";
import { productColumns } from "#db/product-columns";
import { registerDeployedTable } from "#workflow/iceberg-catalog";
import { parse } from "yaml";
import type { MeasureContext } from "../context";
import type { MeasureResult } from "../result";
import { samplePaired } from "../sample";
import { ratio, summarize } from "../stats";

const NAME = "iceberg-bench";

async function deployTable(context: MeasureContext, domain: string) {
  const example = loadExampleSpecs().find((e) => e.file === "churn-experiments.yaml");
  if (example === undefined) throw new Error("no churn-experiments example");
  const spec = DataProductSpec.parse({
    ...(parse(example.text) as object),
    domain,
    name: NAME,
    inputs: [],
  });
  const directory = join(mkdtempSync(join(tmpdir(), "meshplane-bench-iceberg-")), domain, NAME);
  mkdirSync(join(directory, "metadata"), { recursive: true });
  const storageUri = pathToFileURL(directory).href;
  const metadata = nextTableMetadata(icebergTableInput(spec.table, {}), storageUri, undefined, {
    nowMs: Date.now(),
    newUuid: randomUUID,
  });
  const file = join(directory, "metadata", "v1.metadata.json");
  writeFileSync(file, JSON.stringify(metadata));
  const outputs: DataProductOutputs = {
    cloud: "local",
    region: "local",
    storageUri,
    catalog: {
      kind: "meshplane",
      database: domain,
      table: NAME,
      metadataLocation: pathToFileURL(file).href,
    },
    backup: { kind: "none" },
    tags: {},
  };
  const { prisma } = context.portal;
  const product = await prisma.dataProduct.create({
    data: { domain, name: NAME, ...productColumns(spec), spec, status: "live", outputs },
  });
  await registerDeployedTable(prisma, product.id, "http://localhost:3000/api/iceberg");
}

/** Commits per second of `commit`, run `count` times one after another. */
async function rate(count: number, commit: (i: number) => Promise<unknown>): Promise<number> {
  const start = performance.now();
  for (let i = 0; i < count; i += 1) await commit(i);
  return (count / (performance.now() - start)) * 1000;
}

export async function measureIcebergCatalog(context: MeasureContext): Promise<MeasureResult> {
  const { portal, pool, sampling, dataset } = context;
  const domain = dataset.domains[0]?.slug;
  if (domain === undefined) throw new Error("the data set has no domain");
  await deployTable(context, domain);
  const key = await portal.lineageKey(domain);
  const params = { prefix: "meshplane", namespace: domain, table: NAME };
  const path = `/api/iceberg/v1/meshplane/namespaces/${domain}/tables/${NAME}`;
  const rawLoad = () =>
    pool.query(
      `SELECT "metadata_location", "metadata" FROM "iceberg_tables" WHERE "namespace" = $1 AND "name" = $2`,
      [domain, NAME],
    );
  const loads = await samplePaired(sampling, {
    // With the domain's API key, as engines call it.
    api: () => portal.call(table.GET, "GET", path, { bearer: key, body: undefined }, params),
    raw: rawLoad,
  });
  const loadApi = summarize(loads.api);
  const loadRaw = summarize(loads.raw);
  const loadRatio = ratio(loadApi.p95, loadRaw.p95);

  const commits = Math.max(20, Math.min(200, sampling.samples));
  const apiRate = await rate(commits, (i) =>
    portal.call(
      table.POST,
      "POST",
      path,
      {
        bearer: key,
        body: {
          requirements: [],
          updates: [{ action: "set-properties", updates: { n: String(i) } }],
        },
      },
      params,
    ),
  );
  const row = (await rawLoad()).rows[0] as { metadata_location: string; metadata: string };
  let current = row.metadata_location;
  const rawRate = await rate(commits, async (i) => {
    const next = `${current}#raw-${i}`;
    const swapped = await pool.query(
      `UPDATE "iceberg_tables" SET "metadata_location" = $1, "metadata" = $2, "version" = "version" + 1, "updated_at" = now()
       WHERE "namespace" = $3 AND "name" = $4 AND "metadata_location" = $5`,
      [next, row.metadata, domain, NAME, current],
    );
    if (swapped.rowCount !== 1) throw new Error("the raw compare-and-swap lost its row");
    current = next;
  });
  const commitRatio = apiRate / rawRate;
  return {
    measure: "iceberg-catalog",
    title: "Iceberg REST catalog: loadTable and commits (API vs raw SQL)",
    database: context.database.target,
    rows: [
      {
        label: "loadTable (GET …/tables/{table})",
        api: loadApi,
        raw: loadRaw,
        ...(loadRatio === undefined ? {} : { ratio: loadRatio }),
        target: {
          text: "API p95 ≤ 1.5 × raw p95",
          met: loadRatio !== undefined && loadRatio <= 1.5,
        },
      },
      {
        label: `commit throughput (${commits} sequential set-properties commits)`,
        value: { amount: Math.round(apiRate * 10) / 10, unit: "commits/s" },
        baseline: { amount: Math.round(rawRate * 10) / 10, unit: "CAS/s" },
        ratio: commitRatio,
        target: { text: "commits/s ≥ 50 % of raw compare-and-swap", met: commitRatio >= 0.5 },
      },
    ],
    notes: [
      "The API commit does the whole commit: auth, zod, product and table reads, requirements, updates, a new metadata file (fs write), the swap and an audit entry in one transaction; the raw baseline is the compare-and-swap UPDATE alone.",
    ],
  };
}
