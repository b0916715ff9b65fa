/**
 * Measure 5: deployment overhead. A local-target product deployed from the portal (POST
 * /api/v1/requests/{id}/deploy through the real route handler, picked up by the real worker with
 * its production poll interval, run in its operation child process through the Automation API)
 * against `pulumi up` of the same program and stack config from the CLI, alternating, each sample
 * on a fresh stack so both sides create the same resources (the warehouse directory and the
 * catalog registration, served by the portal's real catalog route). Portal time runs from the
 * request to the deployment's `succeeded` status; CLI time from the command's start to its exit.
 *
 * It reuses the automation integration tests' world (test/integration/automation/support.ts): a
 * fresh embedded database of its own (so the report lists it under "none") with the seeded people,
 * and the catalog route served over HTTP.
 */
import { spawn } from "node:child_process";
import { parseWorkerConfig, type WorkerConfig } from "#config";
import { loadExampleSpecs } from "#contract/examples";
import { productStackName } from "#core/stack-names";
import { cliEnvironment } from "../../infra/automation/cli-environment";
import { openStack } from "../../infra/automation/stack";
import { Worker } from "../../infra/automation/worker";
import { ProductStackConfig, toConfigMap } from "../../infra/stack-config";
import * as deploy from "../../portal/app/api/v1/requests/[id]/deploy/route";
import {
  approvedRequest,
  cliMissing,
  openWorld,
  uniqueEnvironment,
  waitFor,
  type AutomationWorld,
} from "../../test/integration/automation/support";
import { PLATFORM_TOKEN, json } from "../../test/integration/portal/harness";
import type { MeasureResult } from "../result";
import { ratio, summarize } from "../stats";

/** The worker's default poll interval (config/worker.ts): what users get. */
const PRODUCTION_POLL_MS = parseWorkerConfig({}).pollMs;

function localSpec(name: string) {
  const example = loadExampleSpecs().find(({ spec }) => spec.target.cloud === "local");
  if (example === undefined) throw new Error("contract/examples has no local-target spec");
  // The automation world's member belongs to payments.
  return { ...example.spec, domain: "payments", name, displayName: `Benchmark ${name}` };
}

interface PortalSample {
  total: number;
  /** Enqueued until a worker claimed it (the poll interval). */
  queued: number;
}

async function portalUp(world: AutomationWorld, name: string): Promise<PortalSample> {
  const requestId = await approvedRequest(world.h, { kind: "create", spec: localSpec(name) });
  const started = performance.now();
  const response = await world.h.call(deploy.POST, "POST", "/", {
    as: "admin",
    params: { id: requestId },
  });
  if (response.status !== 201) throw new Error(`deploy answered ${response.status}`);
  const { deployment } = await json<{ deployment: { id: string } }>(response);
  const finished = await waitFor(world.h, deployment.id);
  if (finished.status !== "succeeded")
    throw new Error(`portal deployment ${finished.status}: ${finished.error ?? ""}`);
  const total = performance.now() - started;
  const claimed = finished.startedAt ?? finished.createdAt;
  return {
    total,
    queued: claimed.getTime() - finished.createdAt.getTime(),
  };
}

async function cliUp(settings: WorkerConfig, environment: string, name: string) {
  const spec = localSpec(name);
  const stackName = productStackName(spec, environment);
  const config = ProductStackConfig.parse({
    kind: "product",
    spec,
    environment,
    catalogUrl: settings.catalogUrl,
    platformToken: PLATFORM_TOKEN,
    warehouseRoot: settings.warehouseRoot,
  });
  // The same stack set-up the worker does (untimed on this side, timed on the portal's).
  await openStack(stackName, settings, toConfigMap(config));
  const started = performance.now();
  await new Promise<void>((resolve, reject) => {
    const child = spawn(
      "pulumi",
      [
        "up",
        "--yes",
        "--skip-preview",
        "--non-interactive",
        "-s",
        stackName,
        // The packs the worker enforces: the same operation, not a cheaper one.
        ...settings.policyPacks.flatMap((pack) => ["--policy-pack", pack]),
      ],
      {
        cwd: settings.projectDir,
        env: { ...process.env, ...cliEnvironment(settings) },
        stdio: ["ignore", "ignore", "pipe"],
      },
    );
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
    child.once("exit", (code) => {
      if (code === 0) resolve();
      else reject(new Error(`pulumi up exited with ${String(code)}: ${stderr.slice(0, 500)}`));
    });
  });
  return performance.now() - started;
}

export async function measureDeployment(samples: number): Promise<MeasureResult> {
  if (cliMissing()) throw new Error("the Pulumi CLI is not on PATH (tools/pulumi-cli/build.sh)");
  const environment = uniqueEnvironment();
  const world = await openWorld(environment);
  const settings = { ...world.settings, pollMs: PRODUCTION_POLL_MS };
  const worker = new Worker(world.h.prisma, settings, { log: () => undefined });
  await worker.start();
  const portal: PortalSample[] = [];
  const cli: number[] = [];
  try {
    // One of each first, not counted: the first CLI and child start read everything from disk.
    await portalUp(world, "bench-warm-portal");
    await cliUp(settings, environment, "bench-warm-cli");
    for (let sample = 0; sample < samples; sample++) {
      portal.push(await portalUp(world, `bench-portal-${sample}`));
      cli.push(await cliUp(settings, environment, `bench-cli-${sample}`));
    }
  } finally {
    await worker.stop();
    await world.close();
  }
  const api = summarize(portal.map((sample) => sample.total));
  const median = (pick: (sample: PortalSample) => number) =>
    Math.round(summarize(portal.map(pick)).p50);
  const raw = summarize(cli);
  const factor = ratio(api.p50, raw.p50);
  return {
    measure: "deployment",
    title: "Deployment overhead: portal up vs CLI pulumi up (local target)",
    database: "none",
    rows: [
      {
        label: "first deploy of a local product (2 resources + component)",
        api,
        raw,
        ...(factor === undefined ? {} : { ratio: factor }),
        target: { text: "portal ≤ 1.1 × CLI (p50)", met: factor !== undefined && factor <= 1.1 },
      },
    ],
    notes: [
      `${samples} samples each, alternating, after one unmeasured warm-up of each; a fresh stack per sample.`,
      `Portal: request → worker (polls every ${PRODUCTION_POLL_MS} ms, the default) → operation child process → Automation API → CLI → succeeded in the database. CLI: pulumi up --skip-preview (the Automation API's up does not preview either) with the same --policy-pack the worker enforces.`,
      "Both register the product through the portal's catalog route over HTTP.",
      `Queue wait (enqueued until the worker's poll claimed it), median: ${median((s) => s.queued)} ms; the rest of the portal's time runs in the operation child process (started ahead by the worker; stack init, config set-all, and after the update the outputs and history the Automation API reads) and the same update as the CLI, with its events stored.`,
    ],
  };
}
