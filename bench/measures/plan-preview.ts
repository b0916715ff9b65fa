/**
 * Measure 4: plan preview. Per cloud: the portal's own preview of one product
 * (workflow/plan-preview.ts: a process, Pulumi mocks, DataProduct, the cloud's policy pack), and
 * one program of 100 products under the same mocks (bench/plan/preview-child.ts), each against the
 * empty program: the same process start and mocks with no resources, in the same run.
 */
import { spawn } from "node:child_process";
import { join } from "node:path";
import { z } from "zod";
import { projectDir } from "#config";
import type { Cloud, DataProductSpec } from "#contract";
import { loadExampleSpecs } from "#contract/examples";
import { messageOf } from "#lib/errors";
import { runPreview } from "#workflow/plan-preview";
import { generateDomains, generateSpecs } from "../generate/specs";
import { seededRandom } from "../random";
import type { MeasureResult, ResultRow } from "../result";
import { timed } from "../sample";
import { ratio, summarize, type Summary } from "../stats";

const ROOT = projectDir();
const CHILD = join(ROOT, "bench", "plan", "preview-child.ts");
const Answer = z.union([z.object({ resources: z.int() }), z.object({ error: z.string() })]);

/** One program run in a fresh process; resolves with the number of resources it registered. */
function program(specs: readonly DataProductSpec[], region: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", CHILD], {
      cwd: ROOT,
      stdio: ["ignore", "ignore", "inherit", "ipc"],
    });
    child.once("message", (raw: unknown) => {
      const answer = Answer.parse(raw);
      if ("error" in answer) reject(new Error(`preview program: ${answer.error}`));
      else resolve(answer.resources);
    });
    child.once("exit", (code) => {
      if (code !== 0) reject(new Error(`preview program exited with ${String(code)}`));
    });
    child.send({ specs, region });
  });
}

async function samples(count: number, work: () => Promise<unknown>): Promise<Summary> {
  const times: number[] = [];
  for (let i = 0; i < count; i += 1) times.push(await timed(work));
  return summarize(times);
}

function specsFor(cloud: Cloud, count: number): DataProductSpec[] {
  const templates = loadExampleSpecs().filter((example) => example.spec.target.cloud === cloud);
  return generateSpecs(count, {
    random: seededRandom(4),
    templates,
    domains: generateDomains(5),
  });
}

function row(label: string, api: Summary, raw: Summary, limitMs: number): ResultRow {
  const r = ratio(api.p50, raw.p50);
  return {
    label,
    api,
    raw,
    ...(r === undefined ? {} : { ratio: r }),
    target: { text: `p50 ≤ ${limitMs / 1000} s`, met: api.p50 <= limitMs },
  };
}

async function measureCloud(cloud: Cloud, samplesPerCase: number) {
  const specs = specsFor(cloud, 100);
  const one = specs[0] as DataProductSpec;
  const region = one.target.region;
  const empty = await samples(samplesPerCase, () => program([], region));
  const single = await samples(samplesPerCase, async () => {
    const outcome = await runPreview(
      { spec: one, environment: "bench", catalogUrl: "http://localhost:3000" },
      { projectDir: ROOT, timeoutMs: 120_000 },
    );
    if (!outcome.ok) throw new Error(`plan preview of ${one.name}: ${outcome.error}`);
  });
  let resources = 0;
  const hundred = await samples(Math.max(1, Math.floor(samplesPerCase / 2)), async () => {
    resources = await program(specs, region);
  });
  return {
    rows: [
      row(`${cloud}: 1 product (portal preview, with policies)`, single, empty, 1_000),
      row(`${cloud}: 100 products in one program`, hundred, empty, 10_000),
    ],
    note: `${cloud}: the 100-product program registered ${resources} resources.`,
  };
}

export async function measurePlanPreview(samplesPerCase: number): Promise<MeasureResult> {
  const rows: ResultRow[] = [];
  const notes: string[] = [];
  for (const cloud of ["aws", "azure", "gcp"] as const) {
    try {
      const measured = await measureCloud(cloud, samplesPerCase);
      rows.push(...measured.rows);
      notes.push(measured.note);
    } catch (error) {
      notes.push(`${cloud}: not measured, the preview failed: ${messageOf(error)}`);
    }
  }
  notes.push(
    "Baseline: the empty program (a fresh process under the same mocks, no resources); ratios are p50 over its p50. Both include Node and tsx start-up, as the portal's preview does.",
  );
  return {
    measure: "plan-preview",
    title: "Plan preview under Pulumi mocks (vs an empty program)",
    database: "none",
    rows,
    notes,
  };
}
