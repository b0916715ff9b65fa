/**
 * Starts the portal for one end-to-end run: a fresh data directory (embedded database, warehouse,
 * Pulumi state) and deployment environment (so its stack configs are its own and removed after),
 * then `npm start`'s own start-up (tools/start.ts: migrations, seed, local sign-in,
 * `next build` when sources changed, the portal server). Returns the teardown that stops it.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PULUMI_CLI_MISSING, pulumiCliVersion } from "../support/pulumi-cli";
import { removeStackConfigs, uniqueEnvironment } from "../support/stack-configs";
import { E2E_BASE_URL, E2E_PORT } from "./support/server";

const ROOT = join(import.meta.dirname, "..", "..");
const READY_TIMEOUT_MS = 15 * 60_000;

async function isUp(): Promise<boolean> {
  try {
    const response = await fetch(`${E2E_BASE_URL}/sign-in`, { redirect: "manual" });
    return response.status === 200;
  } catch {
    return false;
  }
}

/** Waits for the server's sign-in page, or for the start-up to fail. */
async function waitUntilUp(exited: () => string | undefined): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    const failure = exited();
    if (failure !== undefined) throw new Error(`the portal did not start: ${failure}`);
    if (await isUp()) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`the portal did not answer on ${E2E_BASE_URL} within 15 minutes`);
}

export default async function globalSetup(): Promise<() => Promise<void>> {
  // The deploy journeys run the real CLI through the portal's worker: say so at once if it is absent.
  if (pulumiCliVersion() === undefined)
    throw new Error(`the deploy journeys cannot run: ${PULUMI_CLI_MISSING}`);
  if (await isUp()) throw new Error(`port ${E2E_PORT} is taken: another portal is running there`);
  const dataDir = mkdtempSync(join(tmpdir(), "meshplane-e2e-"));
  const environment = uniqueEnvironment("e2e");
  const child = spawn(process.execPath, ["--import", "tsx", join(ROOT, "tools", "start.ts")], {
    cwd: ROOT,
    // Its own process group, so the teardown stops the portal and the database with it.
    detached: true,
    stdio: ["ignore", "inherit", "inherit"],
    env: {
      ...process.env,
      DATABASE_URL: "",
      MESHPLANE_ENV: "development",
      MESHPLANE_DATA_DIR: dataDir,
      MESHPLANE_ENVIRONMENT: environment,
      MESHPLANE_PUBLIC_URL: E2E_BASE_URL,
      PORT: String(E2E_PORT),
      // The browser contexts stand for people on several machines behind a proxy on this one
      // (support/session.ts): their X-Forwarded-For is believed, and only from 127.0.0.1.
      MESHPLANE_TRUSTED_PROXIES: "127.0.0.1",
      NEXT_TELEMETRY_DISABLED: "1",
    },
  });
  let exit: string | undefined;
  child.on("exit", (code, signal) => {
    exit = `tools/start.ts exited (${signal ?? `code ${String(code)}`})`;
  });
  await waitUntilUp(() => exit);
  process.env.MESHPLANE_E2E_DATA_DIR = dataDir;
  return async () => {
    if (exit === undefined && child.pid !== undefined) {
      const stopped = new Promise((resolve) => child.once("exit", resolve));
      process.kill(-child.pid, "SIGTERM");
      await stopped;
    }
    rmSync(dataDir, { recursive: true, force: true });
    removeStackConfigs(environment);
  };
}
