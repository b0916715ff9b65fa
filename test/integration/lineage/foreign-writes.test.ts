/**
 * Cross-domain lineage forgery (issue #15.1): a key of the customer domain reports writes and
 * quality facets on a payments product's dataset. They are stored and listed with the product's
 * SLA as another domain's, but move neither its freshness nor its quality, fire none of its
 * webhooks and make no observed input of it; the same reports from payments' own key count.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import * as ingest from "#portal/app/api/v1/lineage/route";
import * as productSla from "#portal/app/api/v1/products/[domain]/[name]/sla/route";
import * as productLineage from "#portal/app/api/v1/products/[domain]/[name]/lineage/route";
import * as jobRuns from "#portal/app/api/v1/lineage/jobs/[namespace]/[name]/runs/route";
import * as datasetDetails from "#portal/app/api/v1/lineage/datasets/[namespace]/[name]/route";
import * as jobDetails from "#portal/app/api/v1/lineage/jobs/[namespace]/[name]/route";
import * as webhooks from "#portal/app/api/v1/domains/[slug]/webhooks/route";
import type {
  LineageDataset,
  LineageJob,
  LineageRunPage,
  ProductLineage,
  ProductSla,
} from "#portal/shared/lineage/api-schemas";
import { setClockForTests } from "#portal/server/lineage/clock";
import { projectPending } from "#portal/server/lineage/projector";
import { recordSlaForAll } from "#portal/server/lineage/sla";
import { applyUpdates, emptyTableMetadata } from "#lib/iceberg/updates";
import { catalogDatasetEvent } from "#workflow/catalog-lineage";
import { eventHash } from "#workflow/ids";
import { insertLineageEvents } from "#workflow/lineage-events";
import { metricsFacet, runEvent } from "../../support/openlineage-events";
import { exampleInput } from "../../support/specs";
import { forEachDatabase } from "../portal/databases";
import { json, registrationOf, type Harness, type Person, issueApiKey } from "../portal/harness";

vi.mock("server-only", () => ({}));

const T0 = new Date("2026-04-01T00:00:00.000Z");
const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000).toISOString();
/** The payments product's catalog table, as OpenLineage names it (docs/lineage.md §5). */
const FRAUD_SCORES = { namespace: "meshplane", name: "payments.fraud_scores" };
const CUSTOMER_360 = { namespace: "meshplane", name: "customer.customer_360" };

forEachDatabase((target, open) => {
  describe(`reports from other domains (${target})`, () => {
    let h: Harness & { close: () => Promise<void> };
    let clock = new Date(T0);
    const keys = { payments: "", customer: "" };

    const issue = async (as: Person, slug: string) => {
      return (await issueApiKey(h, as, slug, "pipelines")).key;
    };
    const report = async (
      by: keyof typeof keys,
      minutes: number,
      dataset: typeof FRAUD_SCORES & { facets?: Record<string, unknown> },
      inputs: (typeof CUSTOMER_360)[] = [],
    ) => {
      const response = await h.call(ingest.POST, "POST", "/", {
        as: { bearer: keys[by] },
        body: runEvent({ job: `${by}.job`, eventTime: at(minutes), inputs, outputs: [dataset] }),
      });
      expect(response.status).toBe(201);
      await projectPending(h.prisma);
    };
    const sla = async () =>
      json<ProductSla>(
        await h.call(productSla.GET, "GET", "/", {
          as: "owner",
          params: { domain: "payments", name: "fraud-scores" },
        }),
      );
    const breaches = () => h.prisma.webhookDelivery.count({ where: { event: "sla.breached" } });

    beforeAll(async () => {
      h = await open();
      setClockForTests(() => clock);
      await h.register(registrationOf(exampleInput("fraud-scores.yaml")));
      await h.register(registrationOf(exampleInput("customer-360.yaml")));
      keys.payments = await issue("member", "payments");
      keys.customer = await issue("otherMember", "customer");
      const hook = await h.call(webhooks.POST, "POST", "/", {
        as: "owner",
        params: { slug: "payments" },
        body: { url: "https://hooks.example/payments" },
      });
      expect(hook.status).toBe(201);
      await recordSlaForAll(h.prisma, clock);
    });
    afterAll(async () => {
      setClockForTests(undefined);
      await h.close();
    });

    it("stores another domain's write, lists it, and keeps the product unwritten", async () => {
      await report("customer", 0, FRAUD_SCORES);
      const forged = await sla();
      // Unwritten, so "no data yet" (not "met", as the forged write would make it).
      expect(forged.current.freshness.status).toBe("unknown");
      expect(forged.current.freshness.reason).toMatch(/^no data yet/);
      expect(forged.foreignWrites).toEqual([
        { dataset: FRAUD_SCORES, domain: "customer", write: true, quality: false, at: at(0) },
      ]);
      clock = new Date(at(5));
      await report("payments", 5, FRAUD_SCORES);
      const own = await sla();
      expect(own.current.freshness.status).toBe("met");
      expect(own.foreignWrites.map((write) => write.domain)).toEqual(["customer"]);
    });

    it("does not let another domain's quality facets breach the product or fire its webhook", async () => {
      clock = new Date(at(10));
      const good = metricsFacet(1000, { merchant_id: 0, fraud_rate: 0 });
      await report("payments", 10, { ...FRAUD_SCORES, facets: { dataQualityMetrics: good } });
      expect((await sla()).current.overall.status).toBe("met");
      const before = await breaches();
      clock = new Date(at(20));
      const bad = metricsFacet(1000, { merchant_id: 500, fraud_rate: 0 });
      await report("customer", 20, { ...FRAUD_SCORES, facets: { dataQualityMetrics: bad } });
      const after = await sla();
      expect([after.current.quality.status, after.current.overall.status]).toEqual(["met", "met"]);
      expect(await breaches()).toBe(before);
      expect(after.foreignWrites[0]).toMatchObject({
        domain: "customer",
        quality: true,
        write: true,
      });
      // The same facets from payments' own pipeline do count.
      clock = new Date(at(30));
      await report("payments", 30, { ...FRAUD_SCORES, facets: { dataQualityMetrics: bad } });
      expect((await sla()).current.quality.status).toBe("breached");
      expect(await breaches()).toBe(before + 1);
    });

    it("makes an observed input of the product only from its own domain's writes", async () => {
      const observed = async () =>
        (
          await json<ProductLineage>(
            await h.call(productLineage.GET, "GET", "/", {
              as: "outsider",
              params: { domain: "payments", name: "fraud-scores" },
            }),
          )
        ).inputs.observedOnly;
      await report("customer", 40, FRAUD_SCORES, [CUSTOMER_360]);
      expect(await observed()).toEqual([]);
      // Reading another domain's product is normal: payments' own job makes it an observed input.
      await report("payments", 50, FRAUD_SCORES, [CUSTOMER_360]);
      expect(await observed()).toEqual(["customer/customer-360"]);
    });

    it("keeps the facets of the product's dataset its own domain's to write", async () => {
      const documented = (by: string) => ({
        ...FRAUD_SCORES,
        facets: { documentation: documentationOf(by) },
      });
      const documentation = async () =>
        (
          await json<LineageDataset>(
            await h.call(datasetDetails.GET, "GET", "/", { as: "outsider", params: FRAUD_SCORES }),
          )
        ).facets.documentation;
      await report("payments", 55, documented("payments"));
      expect(await documentation()).toBe("documented by payments");
      await report("customer", 56, documented("customer"));
      expect(await documentation()).toBe("documented by payments");
    });

    it("still takes the platform's own description of it (events of no key)", async () => {
      const details = async () =>
        json<LineageDataset>(
          await h.call(datasetDetails.GET, "GET", "/", { as: "outsider", params: FRAUD_SCORES }),
        );
      expect((await details()).product).toBe("payments/fraud-scores");
      // The Iceberg catalog's DatasetEvent, as recordCatalogEvent stores it, about this dataset.
      const event = catalogDatasetEvent(
        { domain: "payments", name: "fraud-scores" },
        tableWithColumn("catalog_column"),
        "http://localhost:3000/api/iceberg",
        new Date(),
      );
      const payload = { ...event, dataset: { ...event.dataset, ...FRAUD_SCORES } };
      const stored = {
        hash: eventHash(payload),
        kind: "dataset" as const,
        eventType: null,
        runId: null,
        eventTime: payload.eventTime,
        producer: payload.producer,
        payload,
      };
      await insertLineageEvents(h.prisma, [stored], null);
      await projectPending(h.prisma);
      expect((await details()).facets.schema.map((field) => field.name)).toEqual([
        "catalog_column",
      ]);
    });

    it("keeps a job's facets the domain's that reported it first", async () => {
      const post = async (by: keyof typeof keys, minutes: number) => {
        const body = runEvent({ job: "payments.settle", eventTime: at(minutes) });
        const response = await h.call(ingest.POST, "POST", "/", {
          as: { bearer: keys[by] },
          body: { ...body, job: { ...body.job, facets: { documentation: documentationOf(by) } } },
        });
        expect(response.status).toBe(201);
        await projectPending(h.prisma);
      };
      const job = async () =>
        json<LineageJob>(
          await h.call(jobDetails.GET, "GET", "/", {
            as: "outsider",
            params: { namespace: "airflow-prod", name: "payments.settle" },
          }),
        );
      await post("payments", 57);
      await post("customer", 58);
      expect(await job()).toMatchObject({
        domain: "payments",
        facets: { documentation: "documented by payments" },
      });
    });

    it("keeps a job's runs the domain's that reported it first", async () => {
      const runId = "0190a000-0000-7000-8000-00000000beef";
      const response = await h.call(ingest.POST, "POST", "/", {
        as: { bearer: keys.customer },
        body: runEvent({ job: "payments.settle", eventType: "FAIL", eventTime: at(59), runId }),
      });
      expect(response.status).toBe(201);
      await projectPending(h.prisma);
      const runs = await json<LineageRunPage>(
        await h.call(jobRuns.GET, "GET", "/", {
          as: "outsider",
          params: { namespace: "airflow-prod", name: "payments.settle" },
        }),
      );
      expect(runs.items.map((run) => run.runId)).not.toContain(runId);
      expect(runs.items.length).toBeGreaterThan(0);
    });

    it("keeps a run its job's: another job's event with its run id changes nothing of it", async () => {
      const runId = "0190a000-0000-7000-8000-00000000f00d";
      const post = async (by: keyof typeof keys, eventType: string, minutes: number) => {
        const body = runEvent({ job: `${by}.job`, eventType, eventTime: at(minutes), runId });
        const response = await h.call(ingest.POST, "POST", "/", {
          as: { bearer: keys[by] },
          body: { ...body, run: { ...body.run, facets: facetsOf(by) } },
        });
        expect(response.status).toBe(201);
        await projectPending(h.prisma);
      };
      const runsOf = async (job: string) =>
        (
          await json<LineageRunPage>(
            await h.call(jobRuns.GET, "GET", "/", {
              as: "outsider",
              params: { namespace: "airflow-prod", name: job },
            }),
          )
        ).items.map((run) => [run.runId, run.state, run.errorMessage?.message ?? null]);
      await post("payments", "START", 60);
      // customer's key names payments' run id (any signed-in person reads it off the runs API).
      await post("customer", "FAIL", 61);
      expect(await runsOf("payments.job")).toContainEqual([runId, "START", null]);
      expect((await runsOf("customer.job")).map(([id]) => id)).not.toContain(runId);
      await post("payments", "COMPLETE", 62);
      expect(await runsOf("payments.job")).toContainEqual([runId, "COMPLETE", null]);
    });
  });
});

/** An errorMessage run facet from `by`'s pipeline (payments' runs have none). */
function facetsOf(by: string): Record<string, unknown> {
  if (by === "payments") return {};
  return {
    errorMessage: {
      _producer: "https://github.com/apache/airflow",
      _schemaURL: "https://openlineage.io/spec/facets/1-0-1/ErrorMessageRunFacet.json",
      message: `${by} says this run failed`,
      programmingLanguage: "python",
    },
  };
}

/** A documentation facet (dataset or job) written by `by`'s pipeline. */
function documentationOf(by: string): Record<string, unknown> {
  return {
    _producer: "https://github.com/apache/airflow",
    _schemaURL: "https://openlineage.io/spec/facets/1-0-1/DocumentationDatasetFacet.json",
    description: `documented by ${by}`,
  };
}

/** Table metadata whose current schema has one column, `name`. */
function tableWithColumn(name: string) {
  const nowMs = Date.now();
  return applyUpdates(
    emptyTableMetadata(crypto.randomUUID(), "file:///warehouse/payments/fraud-scores", nowMs),
    [
      {
        action: "add-schema",
        schema: { type: "struct", fields: [{ id: 1, name, required: false, type: "string" }] },
        "last-column-id": 1,
      },
      { action: "set-current-schema", "schema-id": -1 },
    ],
    nowMs,
  );
}
