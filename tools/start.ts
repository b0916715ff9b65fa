/**
 * `npm start`: the whole portal in one foreground process tree. Validates the configuration,
 * starts the embedded database when DATABASE_URL is not set, applies migrations, seeds an empty
database, builds the portal when its sources changed, then serves it (tools/portal-server.ts:
 * Next.js on loopback by default) and runs the deployment worker, each supervised (restarted when
 * it dies), until Ctrl-C, and stops everything it started. The portal is usable at once; the
 * worker starts once the Pulumi CLI is there, got first when it is missing
 * (tools/start/pulumi-cli.ts), and its state is reported for platform admins. `npm run
 * portal:dev` does the same with `next dev`.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { hostname } from "node:os";
import { delimiter, join } from "node:path";
import {
  ConfigError,
  generatedSecret,
  parsePortalConfig,
  projectDir,
  type PortalConfig,
} from "#config";
import {
  createPrismaClient,
  embeddedDataDir,
  migrate,
  seed,
  startEmbeddedDatabase,
  type PrismaClient,
} from "#db";
import { messageOf } from "#lib/errors";
import { HeartbeatReporter } from "#workflow/worker-heartbeat";
import { ensureDevCredentials, DEV_PASSWORD } from "../portal/bootstrap/dev-credentials";
import { ensurePulumiCli, type PulumiCli } from "./start/pulumi-cli";
import { supervise, type Supervised, type SupervisedChange } from "./start/supervise";

const root = projectDir();
const portalDir = join(root, "portal");
const nextBin = join(root, "node_modules", "next", "dist", "bin", "next");
const devMode = process.argv.includes("--dev");

function log(message: string): void {
  console.log(`meshplane: ${message}`);
}

function loadEnv(): PortalConfig {
  try {
    return parsePortalConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`meshplane: ${error.message}`);
      process.exit(1);
    }
    throw error;
  }
}

async function prepareDatabase(env: PortalConfig, url: string): Promise<void> {
  await migrate(url);
  const prisma = createPrismaClient(url);
  try {
    if ((await prisma.user.count()) === 0) {
      log("empty database: seeding example domains, users and products");
      await seed(prisma);
    }
    if (env.mode === "development" && env.localSignIn) {
      const added = await ensureDevCredentials(prisma);
      if (added.length > 0) log(`local sign-in enabled for ${added.length} seeded user(s)`);
    }
  } finally {
    await prisma.$disconnect();
  }
}

/**
 * What the portal bundle is built from: its own sources and the layers below it (docs/
 * architecture.md), the generated Prisma client included.
 */
const BUILD_INPUTS = [
  portalDir,
  ...["contract", "lib", "core", "config", "db", "workflow"].map((layer) => join(root, layer)),
  join(root, "prisma", "generated"),
  join(root, "package-lock.json"),
];

function newestChange(path: string): number {
  const stats = statSync(path);
  if (!stats.isDirectory()) return stats.mtimeMs;
  return readdirSync(path)
    .filter((entry) => entry !== ".next" && entry !== "node_modules")
    .reduce((newest, entry) => Math.max(newest, newestChange(join(path, entry))), stats.mtimeMs);
}

function buildIfNeeded(): void {
  const buildId = join(portalDir, ".next", "BUILD_ID");
  const builtAt = existsSync(buildId) ? statSync(buildId).mtimeMs : 0;
  if (Math.max(...BUILD_INPUTS.map(newestChange)) <= builtAt) return;
  log("building the portal (next build)…");
  const result = spawnSync(process.execPath, [nextBin, "build", portalDir], {
    stdio: "inherit",
    cwd: root,
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
  });
  if (result.status !== 0) {
    console.error("meshplane: the portal build failed");
    process.exit(result.status ?? 1);
  }
}

/**
 * The portal: Next.js in Meshplane's HTTP server (tools/portal-server.ts), which binds to
 * MESHPLANE_HOST (loopback by default) and resolves each request's client address.
 */
function startPortal(env: PortalConfig, databaseUrl: string): ChildProcess {
  const server = join(root, "tools", "portal-server.ts");
  const args = ["--import", "tsx", server, ...(devMode ? ["--dev"] : [])];
  return spawn(process.execPath, args, {
    cwd: root,
    stdio: "inherit",
    // A process group of its own, which the supervisor cleans up (tools/start/supervise.ts).
    detached: true,
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      MESHPLANE_ENV: env.mode,
      MESHPLANE_DATA_DIR: env.dataDir,
      NEXT_TELEMETRY_DISABLED: "1",
    },
  });
}

/**
 * In development the platform token (which the stacks' catalog entries present to the portal) is
 * generated once into the data dir, like the auth secret, so a local deployment registers.
 */
function ensureDevPlatformToken(env: PortalConfig): void {
  if (env.mode !== "development" || env.platformToken !== undefined) return;
  process.env.MESHPLANE_PLATFORM_TOKEN = generatedSecret(join(env.dataDir, "platform-token"));
}

/**
 * The deployment worker (infra/automation/main.ts) as a process of its own: it runs Pulumi, and
 * a crash of either side must not take the other down. The stacks reach the portal's catalog on
 * the local port.
 */
function startWorker(env: PortalConfig, databaseUrl: string, cli: PulumiCli): ChildProcess {
  return spawn(
    process.execPath,
    ["--import", "tsx", join(root, "infra", "automation", "main.ts")],
    {
      cwd: root,
      stdio: "inherit",
      detached: true,
      env: {
        ...process.env,
        ...(cli.dir === undefined
          ? {}
          : { PATH: `${cli.dir}${delimiter}${process.env.PATH ?? ""}` }),
        DATABASE_URL: databaseUrl,
        MESHPLANE_DATA_DIR: env.dataDir,
        MESHPLANE_CATALOG_URL: process.env.MESHPLANE_CATALOG_URL ?? `http://localhost:${env.port}`,
      },
    },
  );
}

/** What `npm start` says about the worker it runs, as the supervisor sees it. */
function workerChange(reporter: HeartbeatReporter, change: SupervisedChange): void {
  if (change.kind === "started") {
    // The worker reports for itself from now on; this heartbeat ages out.
    void reporter.set({
      state: "starting",
      detail: `The deployment worker is starting (pid ${String(change.pid)}).`,
    });
    reporter.quiet();
    return;
  }
  void reporter.set({
    state: "down",
    detail:
      change.restartInMs === undefined
        ? `The deployment worker exited while starting (${change.how}) and is not restarted: ` +
          "see npm start's output."
        : `The deployment worker exited (${change.how}); npm start restarts it in ` +
          `${String(change.restartInMs / 1000)} s.`,
  });
}

/** Gets the Pulumi CLI (reporting each step), then runs the worker; undefined if that failed. */
async function runWorker(
  env: PortalConfig,
  databaseUrl: string,
  reporter: HeartbeatReporter,
): Promise<Supervised | undefined> {
  let cli: PulumiCli;
  try {
    cli = await ensurePulumiCli({
      projectDir: root,
      installUrl: env.pulumiInstallUrl,
      progress: (line) => {
        log(line);
        void reporter.set({ state: "installing-cli", detail: line });
      },
    });
  } catch (error) {
    const why = `No Pulumi CLI, so no deployment can run: ${messageOf(error)}.`;
    log(why);
    await reporter.set({ state: "down", detail: why });
    return undefined;
  }
  log(
    `Pulumi CLI ${cli.version} from ${cli.source}${cli.dir === undefined ? "" : ` (${cli.dir})`}`,
  );
  return supervise("the deployment worker", () => startWorker(env, databaseUrl, cli), {
    log,
    onChange: (change) => {
      workerChange(reporter, change);
    },
  });
}

async function main(): Promise<void> {
  let env = loadEnv();
  ensureDevPlatformToken(env);
  env = loadEnv();
  const embedded =
    env.databaseUrl === undefined
      ? await startEmbeddedDatabase({ dataDir: embeddedDataDir(env.dataDir) })
      : undefined;
  const databaseUrl = env.databaseUrl ?? embedded?.url ?? "";
  if (embedded) {
    const dir = embeddedDataDir(env.dataDir);
    log(
      `embedded PostgreSQL (PGlite) in ${dir} on 127.0.0.1:${embedded.port} (password in ${dir}.password)`,
    );
  }

  const running: {
    children: Supervised[];
    prisma?: PrismaClient;
    reporter?: HeartbeatReporter;
    stopping: boolean;
  } = { children: [], stopping: false };
  const stop = async (code: number) => {
    if (running.stopping) return;
    running.stopping = true;
    await Promise.all(running.children.map((child) => child.stop("SIGTERM")));
    await running.reporter?.stop();
    await running.prisma?.$disconnect();
    await embedded?.stop();
    process.exit(code);
  };
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.on(signal, () => void stop(0));
  }

  try {
    await prepareDatabase(env, databaseUrl);
    if (!devMode) buildIfNeeded();
  } catch (error) {
    console.error("meshplane: start-up failed:", error);
    await stop(1);
    return;
  }

  // The portal first: usable while the worker's CLI is being got (minutes on a fresh machine).
  running.children.push(
    supervise("the portal", () => startPortal(env, databaseUrl), {
      log,
      onGiveUp: () => void stop(1),
    }),
  );
  const devSignIn = env.mode === "development" && env.localSignIn;
  log(
    `portal on ${env.publicUrl} (${env.mode}${devSignIn ? `; local sign-in with password "${DEV_PASSWORD}"` : ""})`,
  );

  running.prisma = createPrismaClient(databaseUrl, { maxConnections: 2 });
  const reporter = new HeartbeatReporter(
    running.prisma,
    `npm-start@${hostname()}:${String(process.pid)}`,
    log,
  );
  running.reporter = reporter;
  await reporter.set({
    state: "starting",
    detail: "npm start is getting the deployment worker going.",
  });
  const worker = await runWorker(env, databaseUrl, reporter);
  if (worker === undefined) return;
  // Ctrl-C while the CLI was being got: the worker started after `stop` looked.
  if (running.stopping) await worker.stop("SIGTERM");
  else running.children.push(worker);
}

await main();
