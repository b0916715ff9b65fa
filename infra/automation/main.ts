/**
 * `npm run worker`: the deployment worker on its own, against DATABASE_URL. `npm start` runs it
 * next to the portal (tools/start.ts). Needs `pulumi` and its Node.js language host on PATH
 * (tools/pulumi-cli/build.sh). SIGINT/SIGTERM stop claiming and let running operations finish.
 */
import { spawnSync } from "node:child_process";
import { createPrismaClient } from "#db";
import { AutomationConfigError, automationSettings } from "./settings";
import { Worker } from "./worker";

function fail(message: string): never {
  console.error(`worker: ${message}`);
  process.exit(1);
}

const databaseUrl = process.env.DATABASE_URL;
if (databaseUrl === undefined || databaseUrl === "")
  fail("DATABASE_URL is not set (npm start sets it for the embedded database)");

const cli = spawnSync("pulumi", ["version"], { encoding: "utf8" });
if (cli.status !== 0)
  fail(
    "the Pulumi CLI is not on PATH, so no deployment can run (they stay queued): install it " +
      '(README), or here: PATH="$(tools/pulumi-cli/build.sh | tail -1):$PATH"',
  );

let settings;
try {
  settings = automationSettings();
} catch (error) {
  if (error instanceof AutomationConfigError) fail(error.message);
  throw error;
}

const prisma = createPrismaClient(databaseUrl, { maxConnections: 4 });
const worker = new Worker(prisma, settings);
await worker.start();
console.log(
  `worker: ${worker.id} (Pulumi ${cli.stdout.trim()}) polling every ${settings.pollMs} ms, up ` +
    `to ${settings.concurrency} operation(s) at once; state in ${settings.backendUrl}`,
);

let stopping = false;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    console.log("worker: stopping after the running operations end");
    void worker
      .stop()
      .then(() => prisma.$disconnect())
      .then(() => process.exit(0));
  });
}
