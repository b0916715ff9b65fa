/**
 * The lineage projector (portal/server/lineage/projector.ts): events are stored first and the graph
 * follows shortly after the answer; reads catch up; a failed batch leaves nothing half-applied; racing projectors project
 * each event once; a payload that no longer parses does not block the queue.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import * as graph from "#portal/app/api/v1/lineage/graph/route";
import * as ingest from "#portal/app/api/v1/lineage/route";
import * as links from "#portal/app/api/v1/lineage/links/route";
import { createPrismaClient, type Prisma } from "#db";
import { storeEvents } from "#portal/server/lineage/ingest";
import { projectPending } from "#portal/server/lineage/projector";
import { REMOTE_CHECK_MS } from "#portal/server/lineage/queue-watch";
import type { LineageGraph } from "#portal/shared/lineage/api-schemas";
import { OpenLineageEventBody, type OpenLineageEvent } from "#portal/shared/lineage/openlineage";
import { runEvent } from "../../support/openlineage-events";
import { exampleInput } from "../../support/specs";
import { forEachDatabase, type OpenHarness } from "../portal/databases";
import { json, registrationOf, issueApiKey } from "../portal/harness";

vi.mock("server-only", () => ({}));

type Opened = Awaited<ReturnType<OpenHarness>>;

function event(job: string, minute: number, output = `${job}.out`): OpenLineageEvent {
  const stamp = new Date(Date.UTC(2025, 0, 1, 0, minute)).toISOString();
  return OpenLineageEventBody.parse(
    runEvent({ job, eventTime: stamp, outputs: [{ namespace: "s3://projector", name: output }] }),
  );
}

forEachDatabase((target, open) => {
  describe(`lineage projector (${target})`, () => {
    let h: Opened;
    let keyId: string;
    let key: string;

    const waiting = async () => h.prisma.lineageEvent.count({ where: { projectedAt: null } });
    const job = (name: string) =>
      h.prisma.lineageNode.findUnique({
        where: { kind_namespace_name: { kind: "job", namespace: "airflow-prod", name } },
      });

    beforeAll(async () => {
      h = await open();
      ({ id: keyId, key } = await issueApiKey(h, "member", "payments", "projector"));
    });
    afterAll(async () => {
      await h.close();
    });

    it("stores first; the graph follows, and a graph read catches up", async () => {
      const result = await storeEvents(h.prisma, [event("stored.first", 0)], keyId);
      expect(result).toEqual({ received: 1, stored: 1, duplicates: 0 });
      expect(await waiting()).toBe(1);
      expect(await job("stored.first")).toBeNull();

      const response = await h.call(graph.GET, "GET", "/", {
        as: "outsider",
        query: { node: "job", namespace: "airflow-prod", name: "stored.first", direction: "both" },
      });
      expect(response.status).toBe(200);
      const nodes = (await json<LineageGraph>(response)).nodes.map((n) => n.name).sort();
      expect(nodes).toEqual(["stored.first", "stored.first.out"]);
      expect(await waiting()).toBe(0);
      // New nodes belong to the domain of the key that reported them.
      expect((await job("stored.first"))?.domain).toBe("payments");
    });

    it("links a dataset reported a moment ago: the link route catches up first", async () => {
      await h.register(registrationOf(exampleInput("fraud-scores.yaml")));
      await storeEvents(h.prisma, [event("linked.soon", 5)], keyId);
      expect(await waiting()).toBe(1);
      const response = await h.call(links.PUT, "PUT", "/", {
        as: "member",
        body: {
          namespace: "s3://projector",
          name: "linked.soon.out",
          product: "payments/fraud-scores",
        },
      });
      expect(response.status, await response.clone().text()).toBe(200);
      expect(await waiting()).toBe(0);
    });

    it("projects what a producer posted shortly after answering, without a read", async () => {
      const response = await h.call(ingest.POST, "POST", "/", {
        as: { bearer: key },
        body: runEvent({
          job: "posted",
          eventTime: "2025-01-01T00:00:00Z",
          outputs: [{ namespace: "s3://projector", name: "posted.out" }],
        }),
      });
      expect(response.status).toBe(201);
      await vi.waitFor(async () => {
        expect(await waiting()).toBe(0);
      });
      expect(await job("posted")).not.toBeNull();
    });

    it("shows events another portal instance stored within a second", async () => {
      const read = () =>
        h.call(graph.GET, "GET", "/", {
          as: "outsider",
          query: { node: "job", namespace: "airflow-prod", name: "elsewhere", direction: "both" },
        });
      expect((await read()).status).toBe(404);
      // Written as another instance would: this process's storeEvents never saw it.
      const other = runEvent({
        job: "elsewhere",
        eventTime: "2025-01-01T00:00:00Z",
        outputs: [{ namespace: "s3://projector", name: "elsewhere.out" }],
      });
      await h.prisma.lineageEvent.create({
        data: {
          hash: "stored-by-another-instance",
          kind: "run",
          eventTime: new Date(other.eventTime),
          producer: other.producer,
          // The event's fields are JSON values; its declared types lack the index signature.
          payload: JSON.parse(JSON.stringify(other)) as Prisma.InputJsonObject,
        },
      });
      await vi.waitFor(
        async () => {
          expect((await read()).status).toBe(200);
        },
        { timeout: 3 * REMOTE_CHECK_MS, interval: 100 },
      );
    });

    it("leaves a failed batch unapplied and projects it once the cause is gone", async () => {
      await h.prisma.$executeRawUnsafe(`
        CREATE FUNCTION refuse_versions() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN RAISE EXCEPTION 'versions refused by the test'; END $$`);
      await h.prisma.$executeRawUnsafe(
        "CREATE TRIGGER refuse BEFORE INSERT ON dataset_versions FOR EACH ROW EXECUTE FUNCTION refuse_versions()",
      );
      await storeEvents(h.prisma, [event("fails.once", 1)], keyId);
      await expect(projectPending(h.prisma)).rejects.toThrow("versions refused by the test");
      // Nodes and edges come before the versions in the batch: rolled back with them.
      expect(await job("fails.once")).toBeNull();
      expect(await waiting()).toBe(1);

      await h.prisma.$executeRawUnsafe("DROP TRIGGER refuse ON dataset_versions");
      expect(await projectPending(h.prisma)).toMatchObject({ projected: 1 });
      expect(await job("fails.once")).not.toBeNull();
      expect(await waiting()).toBe(0);
    });

    it("projects each event once when two projectors race", async () => {
      const events = Array.from({ length: 40 }, (_, i) => event("raced", i, `raced.out.${i}`));
      await storeEvents(h.prisma, events, keyId);
      const other = createPrismaClient(h.url);
      try {
        const results = await Promise.all([projectPending(h.prisma), projectPending(other)]);
        expect(results[0].projected + results[1].projected).toBe(40);
      } finally {
        await other.$disconnect();
      }
      const counted = await h.prisma.$queryRawUnsafe<{ versions: number }[]>(
        `SELECT count(*)::int AS versions FROM dataset_versions v JOIN lineage_nodes n ON n.id = v.dataset_id
         WHERE n.namespace = 's3://projector' AND n.name LIKE 'raced.out.%'`,
      );
      expect(counted[0]?.versions).toBe(40);
      expect(await waiting()).toBe(0);
    });

    it("logs a stored payload that no longer parses and does not let it block the queue", async () => {
      const logged = vi.spyOn(console, "error").mockImplementation(() => {});
      try {
        await h.prisma.lineageEvent.create({
          data: {
            hash: "not-an-event",
            kind: "run",
            eventTime: new Date("2025-01-01T00:00:00Z"),
            producer: "test",
            payload: { eventTime: "yesterday" },
          },
        });
        await storeEvents(h.prisma, [event("after.bad", 2)], keyId);
        expect(await projectPending(h.prisma)).toMatchObject({ projected: 2 });
        expect(await job("after.bad")).not.toBeNull();
        expect(await waiting()).toBe(0);
        expect(logged).toHaveBeenCalledWith(
          expect.stringMatching(/no longer parses; not projected/),
        );
      } finally {
        logged.mockRestore();
      }
    });
  });
});
