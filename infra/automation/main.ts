/**
 * `npm run worker`: the deployment worker on its own, against DATABASE_URL. `npm start` runs it
 * next to the portal (tools/start.ts). Needs `pulumi` and its Node.js language host on PATH
 * (tools/pulumi-cli/build.sh). SIGINT/SIGTERM stop claiming and let running operations finish.
 */
import { spawnSync } from "node:child_process";
import { ConfigError, parseWorkerConfig } from "#config";
import { createPrismaClient } from "#db";
import { Worker } from "./worker";

function fail(message: string): never {
  console.error(`worker: ${message}`);
  process.exit(1);
}

let settings;
try {
  settings = parseWorkerConfig(process.env);
} catch (error) {
  if (error instanceof ConfigError) fail(error.message);
  throw error;
}
const { databaseUrl } = settings;
if (databaseUrl === undefined)
  fail("DATABASE_URL is not set (npm start sets it for the embedded database)");

const cli = spawnSync("pulumi", ["version"], { encoding: "utf8" });
if (cli.status !== 0)
  fail(
    "the Pulumi CLI is not on PATH, so no deployment can run (they stay queued): install it " +
      '(README), or here: PATH="$(tools/pulumi-cli/build.sh | tail -1):$PATH"',
  );

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
