/**
 * `npm start` (tools/start.ts, with `next dev`, so no production build is needed) on a machine
 * without the Pulumi CLI: the portal serves at once, the CLI is got meanwhile (the official
 * installer unreachable, so built from source into an empty cache), the worker then reports ready
 * to platform admins, a killed portal server is started again instead of ending the whole tree, and
 * SIGTERM stops everything.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { delimiter, dirname, join } from "node:path";
import { createInterface } from "node:readline";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { projectDir } from "#config";
import type { WorkerStatus } from "#portal/shared/deployment-schemas";
import { cliMissing } from "../automation/support";

vi.mock("server-only", () => ({}));

const ROOT = projectDir();
/** What npm start printed, line by line. */
const lines: string[] = [];

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  return typeof address === "object" && address !== null ? address.port : 0;
}

async function until<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  ms = 240_000,
): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline)
      throw new Error(
        `timed out waiting for ${what}; npm start said:\n${lines.slice(-30).join("\n")}`,
      );
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

describe.skipIf(cliMissing())(
  "npm start on a machine without the Pulumi CLI",
  { timeout: 600_000 },
  () => {
    const dirs = ["data", "home", "cache"].map((name) =>
      mkdtempSync(join(tmpdir(), `meshplane-start-${name}-`)),
    );
    const [dataDir = "", home = "", cache = ""] = dirs;
    let start: ChildProcess;
    let base: string;

    const seen = (pattern: RegExp) => lines.findIndex((line) => pattern.test(line));
    const waitForLine = (pattern: RegExp) =>
      until(`a line matching ${String(pattern)}`, () =>
        Promise.resolve(seen(pattern) >= 0 ? true : undefined),
      );

    beforeAll(async () => {
      const port = await freePort();
      base = `http://localhost:${String(port)}`;
      const go = spawnSync("go", ["env", "GOROOT", "GOCACHE", "GOMODCACHE"], { encoding: "utf8" });
      const [goroot = "", gocache = "", gomodcache = ""] = go.stdout.trim().split("\n");
      start = spawn(
        process.execPath,
        ["--import", "tsx", join(ROOT, "tools", "start.ts"), "--dev"],
        {
          cwd: ROOT,
          detached: true,
          stdio: ["ignore", "pipe", "pipe"],
          env: {
            NODE_ENV: "development",
            PATH: [dirname(process.execPath), join(goroot, "bin"), "/usr/bin", "/bin"].join(
              delimiter,
            ),
            HOME: home,
            GOCACHE: gocache,
            GOMODCACHE: gomodcache,
            MESHPLANE_CACHE_DIR: cache,
            MESHPLANE_DATA_DIR: dataDir,
            MESHPLANE_PULUMI_INSTALL_URL: "http://127.0.0.1:9/",
            PORT: String(port),
            MESHPLANE_PUBLIC_URL: base,
            NEXT_TELEMETRY_DISABLED: "1",
          },
        },
      );
      for (const stream of [start.stdout, start.stderr])
        if (stream !== null)
          createInterface({ input: stream }).on("line", (line) => lines.push(line));
    });

    afterAll(() => {
      if (start.exitCode === null && start.signalCode === null && start.pid !== undefined)
        process.kill(start.pid, "SIGKILL");
      for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
    });

    let cookie = "";
    async function get(path: string): Promise<Response> {
      return fetch(`${base}${path}`, { headers: { cookie } });
    }

    it("serves the portal while it builds the CLI, then the worker reports ready", async () => {
      await waitForLine(/^meshplane: Building the Pulumi CLI: compiling/);
      expect(
        seen(/^meshplane: The official installer \(http:\/\/127\.0\.0\.1:9\/\) cannot be reached/),
      ).toBeGreaterThan(0);

      cookie = await until("the admin's session", async () => {
        const response = await fetch(`${base}/api/auth/sign-in/email`, {
          method: "POST",
          headers: { "content-type": "application/json", origin: base },
          body: JSON.stringify({ email: "alice@meshplane.test", password: "meshplane" }),
        });
        return response.ok ? (response.headers.get("set-cookie") ?? "").split(";")[0] : undefined;
      });
      const ready = await until("the worker to be ready", async () => {
        const status = (await (await get("/api/v1/worker")).json()) as WorkerStatus;
        return status.state === "ready" ? status : undefined;
      });
      expect(ready).toMatchObject({ ready: 1, pulumiVersion: "v3.259.0" });
      // The portal was started before the CLI was there.
      const cliReady = seen(/^meshplane: Pulumi CLI v3\.259\.0 from a build from source/);
      expect(seen(/^meshplane: portal on /)).toBeGreaterThanOrEqual(0);
      expect(seen(/^meshplane: portal on /)).toBeLessThan(cliReady);
    });

    it("starts a killed portal server again instead of ending the whole tree", async () => {
      const ps = spawnSync("ps", ["-o", "pid=,args=", "--ppid", String(start.pid)], {
        encoding: "utf8",
      });
      // The portal's own server around Next (tools/portal-server.ts).
      const portal = ps.stdout.split("\n").find((line) => line.includes("tools/portal-server.ts"));
      expect(portal).toBeDefined();
      process.kill(Number(portal?.trim().split(/\s+/)[0]), "SIGKILL");
      await waitForLine(/^meshplane: the portal exited \(SIGKILL\); restarting in 1 s$/);
      const answer = await until("the portal to answer again", async () => {
        const response = await get("/api/v1/worker");
        return response.ok ? response : undefined;
      });
      expect(((await answer.json()) as WorkerStatus).state).toBe("ready");
      expect(start.exitCode).toBeNull();
    });

    it("stops everything on SIGTERM", async () => {
      const exited = new Promise<number | null>((resolve) => start.once("exit", resolve));
      start.kill("SIGTERM");
      expect(await exited).toBe(0);
      await expect(fetch(`${base}/api/v1/openapi.json`)).rejects.toThrow();
    });
  },
);
