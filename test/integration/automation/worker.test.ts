/**
 * The worker's bookkeeping around an operation, on a real database with the operation's child
 * process faked (no CLI): a failed write while recording events is logged, never left as an
 * unhandled rejection (which ends the worker's process), and the deployment still ends with the
 * operation's real result.
 */
import type { EngineEvent } from "@pulumi/pulumi/automation";
import { afterAll, afterEach, beforeAll, expect, it, vi } from "vitest";
import type { ChildHandlers, ChildResult } from "#infra/automation/child";
import { enqueue } from "#workflow/deployment-queue";
import { parseWorkerConfig } from "#config";
import { Worker } from "#infra/automation/worker";
import { freshDatabase, type TestDatabase } from "../../support/database";
import { createProductRow } from "./product-row";

const child = vi.hoisted(() => ({
  run: undefined as ((handlers: ChildHandlers) => Promise<ChildResult>) | undefined,
}));

vi.mock("#infra/automation/child", () => ({
  runInChild: (_message: unknown, handlers: ChildHandlers = {}) => ({
    result: child.run?.(handlers) ?? Promise.reject(new Error("no fake operation")),
    cancel: () => {},
  }),
  SpareChild: class {
    prepare(): void {}
    take(): undefined {
      return undefined;
    }
    close(): void {}
  },
}));

let db: TestDatabase;
let productId: string;

beforeAll(async () => {
  db = await freshDatabase("pglite");
  productId = await createProductRow(db.prisma);
});
afterAll(async () => {
  await db.close();
});
afterEach(() => {
  vi.restoreAllMocks();
});

const diagnostic = (message: string): EngineEvent => ({
  sequence: 0,
  timestamp: 0,
  diagnosticEvent: { message, color: "never", severity: "info" },
});

async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 50));
}

async function ended(id: string) {
  for (;;) {
    const deployment = await db.prisma.deployment.findUniqueOrThrow({ where: { id } });
    if (!["queued", "running"].includes(deployment.status)) return deployment;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** A worker over the test database (no data written outside it: the child is fake). */
async function startWorker(): Promise<{ worker: Worker; logged: string[] }> {
  const logged: string[] = [];
  const settings = parseWorkerConfig({
    MESHPLANE_DATA_DIR: "/nonexistent",
    MESHPLANE_WORKER_POLL_MS: "100",
  });
  const worker = new Worker(db.prisma, settings, { log: (line) => logged.push(line) });
  await worker.start();
  return { worker, logged };
}

async function queuedPreview(stackName: string) {
  const job = { productId, stackName, environment: "dev", operation: "preview" } as const;
  return (await enqueue(db.prisma, job)).deployment;
}

it("logs a failed event write and still ends the deployment with the operation's result", async () => {
  const createMany = vi
    .spyOn(db.prisma.deploymentEvent, "createMany")
    .mockRejectedValueOnce(new Error("connection reset by the test"));
  child.run = async (handlers) => {
    handlers.onEvent?.(diagnostic("first line"));
    // The recorder writes in batches a moment apart: the first batch is the one that fails.
    await until(() => createMany.mock.calls.length === 1);
    handlers.onEvent?.(diagnostic("second line"));
    return { ok: true, outcome: { changes: { create: 2 }, outputs: undefined } };
  };
  const deployment = await queuedPreview("sales.orders.dev");
  const { worker, logged } = await startWorker();
  const end = await ended(deployment.id);
  await worker.stop();

  expect([end.status, end.error, end.summary]).toEqual([
    "succeeded",
    null,
    { changes: { create: 2 } },
  ]);
  const stored = await db.prisma.deploymentEvent.findMany({
    where: { deploymentId: deployment.id },
  });
  expect(
    stored.map((event) => [event.sequence, (event.payload as { message: string }).message]),
  ).toEqual([[2, "second line"]]);
  expect(logged.join("\n")).toContain("connection reset by the test");
});

it("logs an end it cannot record instead of crashing, and leaves the rest to the lease", async () => {
  vi.spyOn(db.prisma, "$transaction").mockRejectedValueOnce(new Error("database gone by the test"));
  child.run = () => Promise.resolve({ ok: true, outcome: { changes: {}, outputs: undefined } });
  const deployment = await queuedPreview("sales.orders-two.dev");
  const { worker, logged } = await startWorker();
  await until(() => logged.some((line) => line.includes("database gone by the test")));
  await worker.stop();

  expect(logged.find((line) => line.includes("database gone"))).toContain(
    "recovery marks it interrupted",
  );
  const row = await db.prisma.deployment.findUniqueOrThrow({ where: { id: deployment.id } });
  expect(row.status).toBe("running");
});

const step = (kind: "resourcePreEvent" | "resOutputsEvent", name: string): EngineEvent => ({
  sequence: 0,
  timestamp: 0,
  [kind]: {
    metadata: {
      op: "create",
      urn: `urn:pulumi:dev::meshplane::test:index:Thing::${name}`,
      type: "test:index:Thing",
      provider: "",
    },
  },
});

it("starts the progress bar from the plan's count and ends it at the steps the run took", async () => {
  let midway: { done: number; planned: number } | undefined;
  child.run = async (handlers) => {
    handlers.onBaseline?.(0);
    handlers.onEvent?.(step("resourcePreEvent", "a"));
    handlers.onEvent?.(step("resOutputsEvent", "a"));
    await until(() => midway !== undefined);
    for (const name of ["b", "c"]) {
      handlers.onEvent?.(step("resourcePreEvent", name));
      handlers.onEvent?.(step("resOutputsEvent", name));
    }
    return { ok: true, outcome: { changes: { create: 3 }, outputs: undefined } };
  };
  const job = { productId, stackName: "sales.planned.dev", environment: "dev" } as const;
  // A preview, so that no catalog registration is expected: the bookkeeping is the same as up's.
  const { deployment } = await enqueue(db.prisma, {
    ...job,
    operation: "preview",
    resourcesPlanned: 5,
  });
  const { worker } = await startWorker();
  for (;;) {
    const row = await db.prisma.deployment.findUniqueOrThrow({ where: { id: deployment.id } });
    if (row.resourcesDone === 1) {
      midway = { done: row.resourcesDone, planned: row.resourcesPlanned };
      break;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const end = await ended(deployment.id);
  await worker.stop();

  expect(midway).toEqual({ done: 1, planned: 5 });
  expect([end.status, end.resourcesDone, end.resourcesPlanned]).toEqual(["succeeded", 3, 3]);
});
