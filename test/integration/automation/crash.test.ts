/**
 * Crash safety with a real worker process: SIGKILL it (and everything it started: the operation
 * process, the CLI, the language host, as when the machine goes down) in the middle of an update,
 * while the stack's catalog entry is being created. A new worker marks the deployment interrupted once the lease expires,
 * releases the stack lock with `pulumi cancel`, runs nothing again by itself, and the admin's
 * retry succeeds.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import * as deploy from "#portal/app/api/v1/requests/[id]/deploy/route";
import * as retry from "#portal/app/api/v1/deployments/[id]/retry/route";
import type { DeploymentSummary } from "#portal/shared/deployment-schemas";
import { Worker } from "#infra/automation/worker";
import { exampleInput } from "../../support/specs";
import { json } from "../portal/harness";
import {
  childrenOf,
  cliMissing,
  killSessions,
  lockFiles,
  openWorld,
  uniqueEnvironment,
  waitFor,
  type AutomationWorld,
  approvedRequest,
} from "./support";

vi.mock("server-only", () => ({}));

const NAME = "crash-local";
const ENVIRONMENT = uniqueEnvironment();
const STACK = `payments.${NAME}.${ENVIRONMENT}`;

// Real CLI runs on a busy 2-core machine take tens of seconds each.
describe.skipIf(cliMissing())("a worker killed mid-update", { timeout: 300_000 }, () => {
  let world: AutomationWorld;
  let process_: ChildProcess | undefined;
  let worker: Worker | undefined;

  beforeAll(async () => {
    world = await openWorld(ENVIRONMENT);
  });
  afterAll(async () => {
    // Only when a failed test left it running (a killed one has a signalCode).
    if (process_?.pid !== undefined && process_.exitCode === null && process_.signalCode === null)
      killSessions(process_.pid);
    await worker?.stop();
    await world.close();
  });

  it("is interrupted, its lock released, and a retry succeeds", async () => {
    const requestId = await approvedRequest(world.h, {
      kind: "create",
      spec: { ...exampleInput("churn-experiments.yaml"), domain: "payments", name: NAME },
    });
    const queued = await world.h.call(deploy.POST, "POST", "/", {
      as: "admin",
      params: { id: requestId },
    });
    const { deployment } = await json<{ deployment: DeploymentSummary }>(queued);

    // The catalog holds the registration: the update is then mid-way, with the stack locked.
    const registering = world.catalog.holdRegistrations();
    process_ = spawn(
      process.execPath,
      ["--import", "tsx", join("infra", "automation", "main.ts")],
      {
        cwd: world.settings.projectDir,
        env: { ...process.env, ...world.workerEnv, DATABASE_URL: world.databaseUrl },
        detached: true, // its own process group, so one kill reaches the CLI and the language host too
        stdio: "ignore",
      },
    );
    await registering;
    expect(lockFiles(world.dataDir, STACK)).toHaveLength(1);
    const pid = process_.pid ?? 0;
    const exited = new Promise((resolve) => process_?.once("exit", resolve));
    // The worker leads a session (detached); each of its operation processes leads one of its own,
    // which the CLI, the language host and the providers share.
    killSessions(...childrenOf(pid), pid);
    await exited;
    world.catalog.hold = undefined;

    const killed = await world.h.prisma.deployment.findUniqueOrThrow({
      where: { id: deployment.id },
    });
    expect(killed.status).toBe("running");
    expect(lockFiles(world.dataDir, STACK)).toHaveLength(1);

    // A new worker takes over once the dead one's lease has expired.
    worker = new Worker(world.h.prisma, world.settings, { log: () => {} });
    await worker.start();
    const interrupted = await waitFor(world.h, deployment.id, (d) => d.status !== "running");
    expect(interrupted.status).toBe("interrupted");
    expect(interrupted.error).toContain("Its stack lock was released (`pulumi cancel`).");
    expect(lockFiles(world.dataDir, STACK)).toEqual([]);
    const request = await world.h.prisma.productRequest.findUniqueOrThrow({
      where: { id: requestId },
    });
    expect(request.status).toBe("failed");
    // Nothing re-ran on its own.
    expect(await world.h.prisma.deployment.count({ where: { productId: killed.productId } })).toBe(
      1,
    );

    const retried = await world.h.call(retry.POST, "POST", "/", {
      as: "admin",
      params: { id: deployment.id },
    });
    expect(retried.status).toBe(201);
    const again = (await json<{ deployment: DeploymentSummary }>(retried)).deployment;
    const done = await waitFor(world.h, again.id);
    expect([done.status, done.error]).toEqual(["succeeded", null]);
    const product = await world.h.prisma.dataProduct.findUniqueOrThrow({
      where: { id: killed.productId },
    });
    expect([product.status, product.stackName]).toEqual(["live", STACK]);
    expect(
      (await world.h.prisma.productRequest.findUniqueOrThrow({ where: { id: requestId } })).status,
    ).toBe("live");
  });
});
