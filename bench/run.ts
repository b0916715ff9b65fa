/**
 * `npm run bench`: generate the data set, load it into each database target, run the measures and
 * write bench/results/latest.{md,json}. Not part of `npm test`: benchmarks time things, tests don't.
 *
 *   npm run bench -- --quick                     # ~2 minutes: 1,000 products, 20,000 events
 *   npm run bench -- --db postgres --only catalog-search --scale 0.5
 */
import pg from "pg";
import { messageOf } from "#lib/errors";
import type { MeasureContext } from "./context";
import { openDatabase, type BenchTarget } from "./databases";
import { generateDataset, loadDataset, type Dataset, type LoadTimings } from "./dataset";
import { describeMachine } from "./machine";
import { measureCatalogSearch } from "./measures/catalog-search";
import { measureIcebergCatalog } from "./measures/iceberg-catalog";
import { measureIngestion } from "./measures/ingestion";
import { removePortalBuild } from "./next-server";
import { measureLineageTraversal } from "./measures/lineage-traversal";
import { measurePageSpeed } from "./measures/page-speed";
import { standaloneMeasures } from "./measures/standalone";
import { OptionsError, parseOptions, type Measure, type Options } from "./options";
import { openPortal } from "./portal";
import { seededRandom } from "./random";
import { writeReport, type Report } from "./report";
import type { MeasureResult } from "./result";

const log = (line: string) => process.stdout.write(`${line}\n`);

const DATABASE_MEASURES: Partial<Record<Measure, (c: MeasureContext) => Promise<MeasureResult>>> = {
  "catalog-search": measureCatalogSearch,
  "lineage-traversal": measureLineageTraversal,
  ingestion: measureIngestion,
  "page-speed": measurePageSpeed,
  "iceberg-catalog": measureIcebergCatalog,
};

async function onDatabase(target: BenchTarget, dataset: Dataset, options: Options, report: Report) {
  log(`\n== ${target}`);
  const database = await openDatabase(target);
  report.machine.databases[target] = database.version;
  const pool = new pg.Pool({ connectionString: database.url, max: 10 });
  try {
    const client = await pool.connect();
    let load: LoadTimings;
    try {
      load = await loadDataset(client, dataset, log);
    } finally {
      client.release();
    }
    report.loads[target] = load;
    const portal = await openPortal(database.url);
    try {
      const context: MeasureContext = {
        database,
        portal,
        pool,
        dataset,
        sampling: { warmup: options.warmup, samples: options.samples },
        random: (stream) => seededRandom(dataset.scale.seed * 7919 + stream),
        log,
      };
      for (const measure of options.measures) {
        const run = DATABASE_MEASURES[measure];
        if (run === undefined) continue;
        log(`-- ${measure}`);
        await attempt(report, measure, target, () => run(context));
      }
    } finally {
      await portal.close();
    }
  } finally {
    await pool.end();
    await database.drop();
  }
}

async function attempt(
  report: Report,
  measure: string,
  database: string,
  run: () => Promise<MeasureResult>,
): Promise<void> {
  try {
    const result = await run();
    report.results.push(result);
    for (const row of result.rows)
      log(
        `   ${row.label}: ratio ${row.ratio?.toFixed(2) ?? "–"} ${row.target?.met === false ? "MISSED" : ""}`,
      );
  } catch (error) {
    const reason = messageOf(error);
    log(`   failed: ${reason}`);
    report.skipped.push({ measure, database, reason: `failed: ${reason}` });
  }
}

function optionsOrExit(): Options | undefined {
  try {
    return parseOptions(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof OptionsError)) throw error;
    console.error(`bench: ${error.message}`);
    process.exitCode = 2;
    return undefined;
  }
}

async function main(): Promise<void> {
  const options = optionsOrExit();
  if (options === undefined) return;
  const report: Report = {
    startedAt: new Date().toISOString(),
    finishedAt: "",
    options,
    machine: describeMachine({}),
    loads: {},
    results: [],
    skipped: [],
  };
  const needsData = options.measures.some((measure) => DATABASE_MEASURES[measure] !== undefined);
  if (needsData) {
    log(`generating ${JSON.stringify(options.scale)}`);
    const dataset = generateDataset(options.scale);
    for (const target of options.databases) await onDatabase(target, dataset, options, report);
  }
  for (const { measure, run } of standaloneMeasures(options)) {
    log(`-- ${measure}`);
    await attempt(report, measure, "none", run);
  }
  await removePortalBuild();
  report.finishedAt = new Date().toISOString();
  const written = await writeReport(options.outDir, report);
  log(`\nwrote ${written.markdown} and ${written.json}`);
  if (report.skipped.some((s) => s.reason.startsWith("failed"))) process.exitCode = 1;
}

await main();
