/**
 * A stack must not stay locked after a failed run, with the real CLI:
 * - the operation process SIGKILLed mid-update: the deployment fails saying so, the CLI and
 *   everything it started (language host, providers) are gone with it, the lock the CLI held is
 *   released, and a retry succeeds;
 * - the disk full during a refresh (a real full disk: a small tmpfs mounted as the state
 *   backend, which needs root; skipped, saying so, where mounting is not allowed): the deployment
 *   says the disk is full, the empty lock file the CLI left is released, and once there is space
 *   again a retry succeeds instead of failing with "unexpected end of JSON input".
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import * as deploy from "#portal/app/api/v1/requests/[id]/deploy/route";
import * as refresh from "#portal/app/api/v1/products/[domain]/[name]/refresh/route";
import * as retry from "#portal/app/api/v1/deployments/[id]/retry/route";
import type { DeploymentSummary } from "#portal/shared/deployment-schemas";
import { Worker } from "#infra/automation/worker";
import { exampleInput } from "../../support/specs";
import { json } from "../portal/harness";
import {
  approvedRequest,
  cliMissing,
  lockFiles,
  openWorld,
  sessionProcesses,
  uniqueEnvironment,
  waitFor,
  type AutomationWorld,
} from "./support";

vi.mock("server-only", () => ({}));

/** The pid of this process's operation child (infra/automation/run-operation.ts). */
function operationChild(): number {
  const ps = spawnSync("ps", ["-o", "pid=,args=", "--ppid", String(process.pid)], {
    encoding: "utf8",
  });
  const line = ps.stdout.split("\n").find((row) => row.includes("run-operation.ts"));
  if (line === undefined) throw new Error(`no operation process among:\n${ps.stdout}`);
  return Number(line.trim().split(/\s+/)[0]);
}

async function deployProduct(world: AutomationWorld, name: string): Promise<string> {
  const requestId = await approvedRequest(world.h, {
    kind: "create",
    spec: { ...exampleInput("churn-experiments.yaml"), domain: "payments", name },
  });
  const queued = await world.h.call(deploy.POST, "POST", "/", {
    as: "admin",
    params: { id: requestId },
  });
  return (await json<{ deployment: DeploymentSummary }>(queued)).deployment.id;
}

async function retried(world: AutomationWorld, id: string) {
  const answer = await world.h.call(retry.POST, "POST", "/", { as: "admin", params: { id } });
  expect(answer.status).toBe(201);
  return waitFor(world.h, (await json<{ deployment: DeploymentSummary }>(answer)).deployment.id);
}

describe.skipIf(cliMissing())(
  "an operation process killed mid-update",
  { timeout: 300_000 },
  () => {
    const NAME = "killed-local";
    const ENVIRONMENT = uniqueEnvironment();
    const STACK = `payments.${NAME}.${ENVIRONMENT}`;
    let world: AutomationWorld;
    let worker: Worker;

    beforeAll(async () => {
      world = await openWorld(ENVIRONMENT);
      worker = new Worker(world.h.prisma, world.settings, { log: () => {} });
      await worker.start();
    });
    afterAll(async () => {
      world.catalog.dropHeld();
      await worker.stop();
      await world.close();
    });

    it("takes the CLI with it, leaves no lock behind, and a retry succeeds", async () => {
      const registering = world.catalog.holdRegistrations();
      const id = await deployProduct(world, NAME);
      await registering;
      const child = operationChild();
      // The CLI, and the plugins it starts in process groups of their own, share the child's session.
      const running = sessionProcesses(child)
        .map((member) => member.command)
        .join("\n");
      for (const part of [/^pulumi up /m, /pulumi-language-nodejs/, /dynamic-provider/])
        expect(running).toMatch(part);
      expect(lockFiles(world.dataDir, STACK)).toHaveLength(1);

      process.kill(child, "SIGKILL");
      const failed = await waitFor(world.h, id);
      expect(failed.status).toBe("failed");
      expect(failed.error).toContain("the operation process ended without a result (SIGKILL)");
      expect(failed.error).toMatch(/Stack lock: released the lock of pid \d+ on .*, which is gone/);
      expect(sessionProcesses(child)).toEqual([]);
      expect(lockFiles(world.dataDir, STACK)).toEqual([]);

      world.catalog.dropHeld();
      const again = await retried(world, id);
      expect([again.status, again.error]).toEqual(["succeeded", null]);
    });
  },
);

/** Whether this process may mount a tmpfs (root, or CAP_SYS_ADMIN). */
function canMountTmpfs(): boolean {
  const dir = mkdtempSync(join(tmpdir(), "meshplane-mount-"));
  try {
    const mounted = spawnSync("mount", ["-t", "tmpfs", "-o", "size=1m", "tmpfs", dir]);
    if (mounted.status !== 0) return false;
    spawnSync("umount", [dir]);
    return true;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const MOUNTABLE = canMountTmpfs();
if (!MOUNTABLE)
  console.warn("disk-full test skipped: mounting a tmpfs needs root (or CAP_SYS_ADMIN)");

describe.skipIf(cliMissing() || !MOUNTABLE)(
  "the state's disk full during a refresh",
  { timeout: 300_000 },
  () => {
    const NAME = "diskfull-local";
    const ENVIRONMENT = uniqueEnvironment();
    const STACK = `payments.${NAME}.${ENVIRONMENT}`;
    let world: AutomationWorld;
    let worker: Worker;
    let state: string;

    beforeAll(async () => {
      world = await openWorld(ENVIRONMENT);
      state = join(world.dataDir, "pulumi-state");
      mkdirSync(state, { recursive: true });
      const mounted = spawnSync("mount", ["-t", "tmpfs", "-o", "size=16m", "tmpfs", state], {
        encoding: "utf8",
      });
      if (mounted.status !== 0) throw new Error(`mounting the state's tmpfs: ${mounted.stderr}`);
      worker = new Worker(world.h.prisma, world.settings, { log: () => {} });
      await worker.start();
    });
    afterAll(async () => {
      await worker.stop();
      spawnSync("umount", [state]);
      await world.close();
    });

    /** Fills the state's file system to the last byte. */
    function fillDisk(): string {
      const filler = join(state, "filler");
      spawnSync("dd", ["if=/dev/zero", `of=${filler}`, "bs=1M"]);
      spawnSync("dd", ["if=/dev/zero", `of=${filler}`, "bs=1k", "oflag=append", "conv=notrunc"]);
      const df = spawnSync("df", ["-k", "--output=avail", state], { encoding: "utf8" });
      expect(df.stdout.trim().split("\n").at(-1)?.trim()).toBe("0");
      return filler;
    }

    function lockDirEntries(): { name: string; size: number }[] {
      const dir = join(state, ".pulumi", "locks", "organization", "meshplane", STACK);
      return readdirSync(dir).map((name) => ({ name, size: statSync(join(dir, name)).size }));
    }

    it("says the disk is full, releases the empty lock the CLI left, and a retry succeeds", async () => {
      const up = await waitFor(world.h, await deployProduct(world, NAME));
      expect([up.status, up.error]).toEqual(["succeeded", null]);

      const filler = fillDisk();
      const queued = await world.h.call(refresh.POST, "POST", "/", {
        as: "admin",
        params: { domain: "payments", name: NAME },
      });
      const { id } = (await json<{ deployment: DeploymentSummary }>(queued)).deployment;
      const failed = await waitFor(world.h, id);
      expect(failed.status).toBe("failed");
      expect(failed.error).toMatch(/^The disk is full \(ENOSPC\): writing \/\S+ failed\. /);
      expect(failed.error).toContain("no space left on device");
      expect(failed.error).toContain("Stack lock: released an empty lock file");
      expect(lockDirEntries()).toEqual([]);
      const notes = await world.h.prisma.deploymentEvent.findMany({
        where: { deploymentId: id, type: "worker" },
      });
      expect(notes.map((note) => (note.payload as { message: string }).message)).toEqual([
        expect.stringMatching(/^Stack lock \/\S+\.tmp: released an empty lock file\.$/),
      ]);

      rmSync(filler);
      const again = await retried(world, id);
      expect([again.status, again.error]).toEqual(["succeeded", null]);
    });
  },
);
