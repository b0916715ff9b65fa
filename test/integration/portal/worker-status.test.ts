/**
 * The deployment worker's state as platform admins see it (`GET /api/v1/worker`), from the
 * heartbeats the worker and `npm start` write through HeartbeatReporter; ages by the database's
 * clock. On every database target.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import * as worker from "#portal/app/api/v1/worker/route";
import type { WorkerStatus } from "#portal/shared/deployment-schemas";
import { HeartbeatReporter } from "#workflow/worker-heartbeat";
import { forEachDatabase } from "./databases";
import { json, type Harness } from "./harness";

vi.mock("server-only", () => ({}));

forEachDatabase((target, open) => {
  describe(`the deployment worker's state (${target})`, () => {
    let h: Harness & { close: () => Promise<void> };
    beforeAll(async () => {
      h = await open();
    });
    afterAll(async () => {
      await h.close();
    });
    beforeEach(async () => {
      await h.prisma.workerHeartbeat.deleteMany();
    });

    const status = async () =>
      json<WorkerStatus>(await h.call(worker.GET, "GET", "/api/v1/worker", { as: "admin" }));
    const reporter = (id: string) =>
      new HeartbeatReporter(h.prisma, id, (line) => {
        throw new Error(line);
      });

    it("follows npm start getting the CLI, then the worker being ready", async () => {
      expect((await status()).state).toBe("down");
      const start = reporter("npm-start@host:1");
      await start.set({ state: "starting", detail: "npm start is getting the worker going." });
      await start.set({ state: "installing-cli", detail: "Building the Pulumi CLI: compiling" });
      expect(await status()).toMatchObject({
        state: "installing-cli",
        detail: "Building the Pulumi CLI: compiling",
        ready: 0,
      });
      start.quiet();
      const running = reporter("host:2:abc");
      await running.set({ state: "ready", detail: "Ready.", pulumiVersion: "v3.259.0" });
      expect(await status()).toMatchObject({
        state: "ready",
        detail: "1 worker(s) ready (Pulumi v3.259.0).",
        ready: 1,
        pulumiVersion: "v3.259.0",
      });
      await running.stop({ state: "down", detail: "The deployment worker stopped." });
      await start.stop();
      expect(await status()).toMatchObject({
        state: "down",
        detail: "The deployment worker stopped.",
      });
    });

    it("counts a worker that went silent as down", async () => {
      const silent = reporter("host:3:def");
      await silent.set({ state: "ready", pulumiVersion: "v3.259.0" });
      await silent.stop();
      await h.prisma.$executeRaw`
        UPDATE worker_heartbeats SET updated_at = now() - interval '1 minute'`;
      const shown = await status();
      expect(shown.state).toBe("down");
      expect(shown.detail).toMatch(/has not reported since .* \(it was ready\)/);
    });
  });
});
