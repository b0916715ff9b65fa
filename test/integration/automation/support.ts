/**
 * What the automation tests share: the real Pulumi CLI (skipped with a message outside CI when it
 * is absent, required in CI), a portal on a fresh database whose catalog endpoint is served over
 * HTTP for the stacks' MeshCatalogEntry, worker settings over a temporary data directory, and
 * waits on database states (no sleeps).
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as catalogRoute from "#portal/app/api/v1/catalog/products/[domain]/[name]/route";
import * as requests from "#portal/app/api/v1/requests/route";
import * as submit from "#portal/app/api/v1/requests/[id]/submit/route";
import * as approve from "#portal/app/api/v1/requests/[id]/approve/route";
import { parseWorkerConfig, type WorkerConfig } from "#config";
import { isFinished } from "#core/deployment-lifecycle";
import type { Deployment } from "#db";
import { freshDatabase } from "../../support/database";
import { PULUMI_CLI_MISSING, pulumiCliVersion } from "../../support/pulumi-cli";
import { removeStackConfigs, uniqueEnvironment } from "../../support/stack-configs";

export { removeStackConfigs, uniqueEnvironment };
import {
  createHarness,
  json,
  planFinished,
  releaseHarness,
  PLATFORM_TOKEN,
  type Harness,
} from "../portal/harness";

export const PULUMI_VERSION = pulumiCliVersion();

/** In CI the CLI must be there (.ci/run builds it); elsewhere the suites skip, saying why. */
export function cliMissing(): boolean {
  if (PULUMI_VERSION !== undefined) return false;
  if (process.env.CI === "true") throw new Error(PULUMI_CLI_MISSING);
  console.warn(`automation tests skipped: ${PULUMI_CLI_MISSING}`);
  return true;
}

export interface CatalogServer {
  url: string;
  /** Number of registration calls served, per method. */
  calls: { PUT: number; DELETE: number };
  /** While set, PUTs are held (not answered) and this is called with each one. */
  hold: ((request: IncomingMessage) => void) | undefined;
  /** Holds the PUTs from now on; resolves when the first one is held (the update is mid-way). */
  holdRegistrations: () => Promise<void>;
  /** Stops holding and cuts the held PUTs' connections: their registrations fail. */
  dropHeld: () => void;
  close: () => Promise<void>;
}

/** The portal's real catalog route, over HTTP, for the MeshCatalogEntry in each stack. */
export async function serveCatalog(): Promise<CatalogServer> {
  const held: ServerResponse[] = [];
  const state: CatalogServer = {
    url: "",
    calls: { PUT: 0, DELETE: 0 },
    hold: undefined,
    holdRegistrations: () =>
      new Promise<void>((resolve) => {
        state.hold = () => {
          resolve();
        };
      }),
    dropHeld: () => {
      state.hold = undefined;
      for (const response of held.splice(0)) response.destroy();
    },
    close: () =>
      new Promise((resolve) => {
        for (const response of held) response.destroy();
        server.closeAllConnections();
        server.close(() => {
          resolve();
        });
      }),
  };
  const server: Server = createServer((request, response) => {
    void (async () => {
      const method = request.method === "DELETE" ? "DELETE" : "PUT";
      if (method === "PUT" && state.hold !== undefined) {
        held.push(response);
        state.hold(request);
        return;
      }
      const chunks: Buffer[] = [];
      for await (const chunk of request) chunks.push(chunk as Buffer);
      // Route params come from the path alone, as Next.js gives them (DELETE carries ?stack=).
      const path = new URL(request.url ?? "/", state.url).pathname;
      const [, , , , , domain = "", name = ""] = path.split("/");
      const handler = method === "PUT" ? catalogRoute.PUT : catalogRoute.DELETE;
      const answer = await handler(
        new Request(`${state.url}${request.url ?? "/"}`, {
          method,
          headers: {
            authorization: request.headers.authorization ?? "",
            "content-type": request.headers["content-type"] ?? "application/json",
          },
          ...(method === "PUT" ? { body: Buffer.concat(chunks) } : {}),
        }),
        {
          params: Promise.resolve({
            domain: decodeURIComponent(domain),
            name: decodeURIComponent(name),
          }),
        },
      );
      state.calls[method] += 1;
      response.writeHead(answer.status, {
        "content-type": answer.headers.get("content-type") ?? "",
      });
      response.end(Buffer.from(await answer.arrayBuffer()));
    })();
  });
  await new Promise<void>((resolve) => {
    server.listen(0, "127.0.0.1", resolve);
  });
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("no port");
  state.url = `http://127.0.0.1:${address.port}`;
  return state;
}

export interface AutomationWorld {
  h: Harness;
  databaseUrl: string;
  catalog: CatalogServer;
  dataDir: string;
  settings: WorkerConfig;
  /** Environment variables of a worker process over the same world. */
  workerEnv: Record<string, string>;
  close: () => Promise<void>;
}

export async function openWorld(environment: string): Promise<AutomationWorld> {
  const database = await freshDatabase("pglite");
  // The portal names the stacks it queues in this environment, the worker runs them in it.
  const h = await createHarness(database.prisma, { MESHPLANE_ENVIRONMENT: environment });
  const catalog = await serveCatalog();
  const dataDir = mkdtempSync(join(tmpdir(), "meshplane-automation-"));
  const workerEnv = {
    MESHPLANE_DATA_DIR: dataDir,
    MESHPLANE_PLATFORM_TOKEN: PLATFORM_TOKEN,
    MESHPLANE_CATALOG_URL: catalog.url,
    MESHPLANE_ENVIRONMENT: environment,
    MESHPLANE_WORKER_POLL_MS: "200",
    MESHPLANE_WORKER_LEASE_SECONDS: "6",
    MESHPLANE_WORKER_CONCURRENCY: "2",
  };
  return {
    h,
    databaseUrl: database.url,
    catalog,
    dataDir,
    settings: parseWorkerConfig(workerEnv),
    workerEnv,
    close: async () => {
      await catalog.close();
      releaseHarness();
      await database.close();
      removeStackConfigs(environment);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Lock files of a stack in a file:// backend (`.pulumi/locks/<org>/<project>/<stack>/*.json`). */
export function lockFiles(dataDir: string, stackName: string): string[] {
  const root = join(dataDir, "pulumi-state", ".pulumi", "locks");
  if (!existsSync(root)) return [];
  return readdirSync(root, { recursive: true, encoding: "utf8" }).filter(
    (path) => path.includes(stackName) && path.endsWith(".json"),
  );
}

/** Polls the database until `predicate` holds for the deployment (the test's timeout bounds it). */
export async function waitFor(
  h: Harness,
  id: string,
  predicate: (deployment: Deployment) => boolean = (d) => isFinished(d.status),
): Promise<Deployment> {
  for (;;) {
    const deployment = await h.prisma.deployment.findUniqueOrThrow({ where: { id } });
    if (predicate(deployment)) return deployment;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** A request filed by a payments member, submitted and approved by the admin; returns its id. */
export async function approvedRequest(
  h: Harness,
  body:
    | { kind: "create" | "update"; spec: unknown }
    | { kind: "decommission"; product: string; reason: string },
): Promise<string> {
  const created = await h.call(requests.POST, "POST", "/api/v1/requests", { as: "member", body });
  const { id } = await json<{ id: string }>(created);
  const submitted = await h.call(submit.POST, "POST", "/", { as: "member", params: { id } });
  // The approval waits for the plan preview the submit started, as a reviewer does.
  if (body.kind !== "decommission" && submitted.status === 200) await planFinished(h, id);
  const approved = await h.call(approve.POST, "POST", "/", {
    as: "admin",
    params: { id },
    body: { reason: "approved by the test" },
  });
  const statuses = [created.status, submitted.status, approved.status];
  if (statuses.join() !== "201,200,200")
    throw new Error(`filing an approved request failed: ${statuses.join(", ")}`);
  return id;
}

/**
 * The processes of session `sid` that are not zombies, from `ps`: an operation process leads a
 * session, which the CLI and every plugin it starts (in process groups of their own) share.
 */
export function sessionProcesses(sid: number): { pid: number; command: string }[] {
  const ps = spawnSync("ps", ["-eo", "pid=,sid=,stat=,args="], { encoding: "utf8" });
  return ps.stdout
    .split("\n")
    .map((line) => line.trim().split(/\s+/))
    .filter(([, session, stat]) => Number(session) === sid && stat?.startsWith("Z") === false)
    .map(([pid, , , ...command]) => ({ pid: Number(pid), command: command.join(" ") }));
}

/**
 * SIGKILLs every process of the sessions `sids` at once, as a machine going down would: all are
 * stopped first (SIGSTOP), so none sees another die and cleans up (a CLI whose language host
 * died mid-update ends it and releases the stack lock), then killed.
 */
export function killSessions(...sids: number[]): void {
  const signal = (pids: Iterable<number>, name: NodeJS.Signals) => {
    for (const pid of pids) {
      try {
        process.kill(pid, name);
      } catch {
        // already gone
      }
    }
  };
  const stopped = new Set<number>();
  for (;;) {
    const running = sids
      .flatMap((sid) => sessionProcesses(sid))
      .map(({ pid }) => pid)
      .filter((pid) => !stopped.has(pid));
    if (running.length === 0) break;
    signal(running, "SIGSTOP");
    for (const pid of running) stopped.add(pid);
  }
  signal(stopped, "SIGKILL");
}

/** The pids of `pid`'s child processes. */
export function childrenOf(pid: number): number[] {
  const ps = spawnSync("ps", ["-o", "pid=", "--ppid", String(pid)], { encoding: "utf8" });
  return ps.stdout
    .split("\n")
    .map((line) => Number(line.trim()))
    .filter((child) => child > 0);
}
