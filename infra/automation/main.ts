/**
 * `npm run worker`: the deployment worker on its own, against DATABASE_URL. `npm start` runs it
 * next to the portal (tools/start.ts), after getting the Pulumi CLI when it is missing. Needs
 * `pulumi` and its Node.js language host on PATH (tools/pulumi-cli/build.sh). Reports its state in
 * a heartbeat the portal shows platform admins (starting, ready, down and why). SIGINT/SIGTERM
 * stop claiming and let running operations finish.
 */
import { ConfigError, parseWorkerConfig } from "#config";
import { createPrismaClient } from "#db";
import { HeartbeatReporter } from "#workflow/worker-heartbeat";
import { pulumiCliVersion } from "./cli-environment";
import { Worker } from "./worker";

function fail(message: string): never {
  console.error(`worker: ${message}`);
  process.exit(1);
}

function log(message: string): void {
  console.log(`worker: ${message}`);
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

const prisma = createPrismaClient(databaseUrl, { maxConnections: 4 });
const worker = new Worker(prisma, settings);
const heartbeat = new HeartbeatReporter(prisma, worker.id, log);
await heartbeat.set({ state: "starting", detail: "The deployment worker is starting." });

const version = pulumiCliVersion();
if (version === undefined) {
  const missing =
    "the Pulumi CLI is not on PATH, so no deployment can run (they stay queued): install it " +
    '(README), or here: PATH="$(tools/pulumi-cli/build.sh | tail -1):$PATH"';
  await heartbeat.stop({ state: "down", detail: `The deployment worker exited: ${missing}.` });
  await prisma.$disconnect();
  fail(missing);
}

await worker.start();
const polling =
  `polling every ${settings.pollMs} ms, up to ${settings.concurrency} operation(s) at once; ` +
  `state in ${settings.backendUrl}`;
log(`${worker.id} (Pulumi ${version}) ${polling}`);
await heartbeat.set({
  state: "ready",
  detail: `Ready: ${polling}.`,
  pulumiVersion: version,
});

let stopping = false;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    log("stopping after the running operations end");
    void heartbeat
      .set({
        state: "down",
        detail: "Stopping: the running operations finish, nothing new is claimed.",
        pulumiVersion: version,
      })
      .then(() => worker.stop())
      .then(() => heartbeat.stop({ state: "down", detail: "The deployment worker stopped." }))
      .then(() => prisma.$disconnect())
      .then(() => process.exit(0));
  });
}
