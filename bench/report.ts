/** The report: bench/results/latest.json (everything) and latest.md (the same, for people). */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { format } from "prettier";
import type { LoadTimings } from "./dataset";
import type { Machine } from "./machine";
import type { Options } from "./options";
import type { MeasureResult, ResultRow } from "./result";
import type { Summary } from "./stats";

export interface Report {
  startedAt: string;
  finishedAt: string;
  options: Options;
  machine: Machine;
  /** Load time per database target. */
  loads: Record<string, LoadTimings>;
  results: MeasureResult[];
  /** Measures that could not run, and why. */
  skipped: { measure: string; database: string; reason: string }[];
}

const ms = (value: number): string =>
  value >= 100 ? value.toFixed(0) : value >= 10 ? value.toFixed(1) : value.toFixed(2);

function timings(summary: Summary | undefined): string {
  if (summary === undefined) return "–";
  return `${ms(summary.p50)} / ${ms(summary.p95)} / ${ms(summary.p99)} (cv ${summary.cv.toFixed(2)}, n ${summary.samples})`;
}

function amount(value: ResultRow["value"]): string {
  if (value === undefined) return "–";
  const digits = value.amount >= 100 ? 0 : value.amount >= 10 ? 1 : 2;
  return `${value.amount.toFixed(digits)} ${value.unit}`;
}

function row(result: ResultRow): string {
  const verdict =
    result.target === undefined
      ? "–"
      : `${result.target.met ? "**met**" : "**missed**"}: ${result.target.text}`;
  const cells = [
    result.label,
    timings(result.api),
    timings(result.raw),
    amount(result.value),
    amount(result.baseline),
    result.ratio === undefined ? "–" : result.ratio.toFixed(2),
    verdict,
  ];
  return `| ${cells.join(" | ")} |`;
}

function section(result: MeasureResult): string[] {
  return [
    `### ${result.title} — ${result.database}`,
    "",
    "| Case | Measured p50 / p95 / p99 ms | Baseline p50 / p95 / p99 ms | Value | Baseline value | Ratio | Target |",
    "| --- | --- | --- | --- | --- | --- | --- |",
    ...result.rows.map(row),
    "",
    ...result.notes.map((note) => `- ${note}`),
    "",
  ];
}

export function renderMarkdown(report: Report): string {
  const { machine, options } = report;
  const scale = options.scale;
  return [
    "# Meshplane benchmark report",
    "",
    `Run ${report.startedAt} → ${report.finishedAt}, commit ${machine.commit}.`,
    "",
    `- Machine: ${machine.cpu}, ${machine.cores} cores, ${machine.ramGiB} GiB RAM, ${machine.os}`,
    `- Node ${machine.node}, PGlite ${machine.pglite}`,
    ...Object.entries(machine.databases).map(([target, version]) => `- ${target}: ${version}`),
    `- Scale: ${scale.products} products, ${scale.domains} domains, ${scale.edges} lineage edges, ${scale.events} run events (seed ${scale.seed})${options.quick ? " — quick preset" : ""}`,
    `- Sampling: ${options.warmup} warm-up iterations, then ${options.samples} samples per contender, API and baseline alternating`,
    ...Object.entries(report.loads).map(
      ([target, load]) =>
        `- Load on ${target}: products ${load.productsSeconds.toFixed(1)} s, graph ${load.graphSeconds.toFixed(1)} s, events ${load.eventsSeconds.toFixed(1)} s`,
    ),
    "",
    "Ratio: measured p95 over baseline p95 for timings; measured over baseline for rates. cv: standard deviation over mean.",
    "",
    ...report.results.flatMap(section),
    ...(report.skipped.length === 0
      ? []
      : [
          "## Not measured in this run",
          "",
          ...report.skipped.map((s) => `- ${s.measure} (${s.database}): ${s.reason}`),
          "",
        ]),
  ].join("\n");
}

const key = (entry: { measure: string; database: string }) => `${entry.measure}@${entry.database}`;

/**
 * A run of some measures replaces those measures' results (and reasons for not measuring them)
 * and keeps every other result of the previous report, saying which run it came from: the report
 * always holds the latest figure of each measure, however the runs were split.
 */
export function mergeReports(previous: Report, current: Report): Report {
  const attempted = new Set([...current.results, ...current.skipped].map(key));
  const { products, edges, events } = previous.options.scale;
  const from = `Kept from the run of ${previous.startedAt} (commit ${previous.machine.commit}; ${products} products, ${edges} edges, ${events} events); not re-measured in the run above.`;
  const kept = previous.results
    .filter((result) => !attempted.has(key(result)))
    .map((result) =>
      result.notes[0]?.startsWith("Kept from the run of")
        ? result
        : { ...result, notes: [from, ...result.notes] },
    );
  return {
    ...current,
    machine: {
      ...current.machine,
      databases: { ...previous.machine.databases, ...current.machine.databases },
    },
    loads: { ...previous.loads, ...current.loads },
    results: [...current.results, ...kept],
    skipped: [...current.skipped, ...previous.skipped.filter((skip) => !attempted.has(key(skip)))],
  };
}

function previousReport(json: string): Report | undefined {
  if (!existsSync(json)) return undefined;
  // Our own file, written by this module: its shape is Report.
  return JSON.parse(readFileSync(json, "utf8")) as Report;
}

/** Written as Prettier would write them, so the committed report passes `npm run check`. */
export async function writeReport(
  dir: string,
  latest: Report,
): Promise<{ markdown: string; json: string }> {
  mkdirSync(dir, { recursive: true });
  const markdown = join(dir, "latest.md");
  const json = join(dir, "latest.json");
  const previous = previousReport(json);
  const report = previous === undefined ? latest : mergeReports(previous, latest);
  writeFileSync(markdown, await format(renderMarkdown(report), { parser: "markdown" }));
  writeFileSync(json, await format(JSON.stringify(report), { parser: "json" }));
  return { markdown, json };
}
