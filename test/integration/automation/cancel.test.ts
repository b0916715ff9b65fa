/**
 * Cancelling a running deployment with the real CLI: the cancel reaches the operation within
 * about a second, not at the worker's next lease renewal (here 40 s away), and the deployment then
 * says that the cancel took effect. The update is held mid-way (the catalog holds its
 * registration), so the cancel arrives while the CLI certainly runs.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import * as deploy from "#portal/app/api/v1/requests/[id]/deploy/route";
import * as cancel from "#portal/app/api/v1/deployments/[id]/cancel/route";
import * as detail from "#portal/app/api/v1/deployments/[id]/route";
import type { DeploymentDetail, DeploymentSummary } from "#portal/shared/deployment-schemas";
import { parseWorkerConfig } from "#config";
import { Worker } from "#infra/automation/worker";
import { exampleInput } from "../../support/specs";
import { json } from "../portal/harness";
import {
  approvedRequest,
  cliMissing,
  openWorld,
  uniqueEnvironment,
  waitFor,
  type AutomationWorld,
} from "./support";

vi.mock("server-only", () => ({}));

const NAME = "cancel-local";
const ENVIRONMENT = uniqueEnvironment();
/** Renewed every 40 s: a cancel that waited for the renewal would miss the test's window. */
const LEASE_SECONDS = "120";
/** "About a second", with room for a busy two-core machine and the 300 ms event batches. */
const DELIVERY_LIMIT_MS = 2_500;

describe.skipIf(cliMissing())("cancelling a running deployment", { timeout: 300_000 }, () => {
  let world: AutomationWorld;
  let worker: Worker;

  beforeAll(async () => {
    world = await openWorld(ENVIRONMENT);
    const settings = parseWorkerConfig({
      ...world.workerEnv,
      MESHPLANE_WORKER_LEASE_SECONDS: LEASE_SECONDS,
    });
    worker = new Worker(world.h.prisma, settings, { log: () => {} });
    await worker.start();
  });
  afterAll(async () => {
    world.catalog.dropHeld();
    await worker.stop();
    await world.close();
  });

  it("reaches the operation within about a second and says it took effect", async () => {
    const requestId = await approvedRequest(world.h, {
      kind: "create",
      spec: { ...exampleInput("churn-experiments.yaml"), domain: "payments", name: NAME },
    });
    const registering = world.catalog.holdRegistrations();
    const queued = await world.h.call(deploy.POST, "POST", "/", {
      as: "admin",
      params: { id: requestId },
    });
    const { id } = (await json<{ deployment: DeploymentSummary }>(queued)).deployment;
    await registering;

    const askedAt = Date.now();
    const answer = await world.h.call(cancel.POST, "POST", "/", { as: "admin", params: { id } });
    expect(await json<DeploymentSummary>(answer)).toMatchObject({
      status: "running",
      cancelOutcome: "pending",
    });
    const delivered = await noteOf(id, "Cancel requested", askedAt + DELIVERY_LIMIT_MS);
    expect(delivered, "the worker's note that it passed the cancel on").toBeDefined();

    // The CLI finishes the step under way (here it fails: the held registration is cut off).
    world.catalog.dropHeld();
    await waitFor(world.h, id);
    const ended = await json<DeploymentDetail>(
      await world.h.call(detail.GET, "GET", "/", { as: "admin", params: { id } }),
    );
    expect([ended.status, ended.cancelRequested, ended.cancelOutcome]).toEqual([
      "cancelled",
      true,
      "took-effect",
    ]);
    const request = await world.h.prisma.productRequest.findUniqueOrThrow({
      where: { id: requestId },
    });
    expect(request.status).toBe("failed");
  });

  /** When the worker's note starting with `prefix` was stored, if that was before `deadline`. */
  async function noteOf(id: string, prefix: string, deadline: number): Promise<Date | undefined> {
    for (;;) {
      const events = await world.h.prisma.deploymentEvent.findMany({
        where: { deploymentId: id, type: "worker" },
      });
      const note = events.find((event) =>
        String((event.payload as { message?: unknown }).message).startsWith(prefix),
      );
      if (note !== undefined) return note.at.getTime() <= deadline ? note.at : undefined;
      if (Date.now() > deadline) return undefined;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
});
