/**
 * OpenLineage ingestion, linking, traversal, column lineage and declared-vs-observed lineage
 * through the real route handlers, on every database target.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import * as ingest from "#portal/app/api/v1/lineage/route";
import { projectPending } from "#portal/server/lineage/projector";
import * as batch from "#portal/app/api/v1/lineage/batch/route";
import * as graph from "#portal/app/api/v1/lineage/graph/route";
import * as columns from "#portal/app/api/v1/lineage/columns/route";
import * as links from "#portal/app/api/v1/lineage/links/route";
import * as productLineage from "#portal/app/api/v1/products/[domain]/[name]/lineage/route";
import * as apiKeys from "#portal/app/api/v1/domains/[slug]/api-keys/route";
import * as apiKey from "#portal/app/api/v1/domains/[slug]/api-keys/[id]/route";
import { newKey } from "#portal/server/lineage/api-keys";
import { relinkDatasets } from "#portal/server/lineage/linking";
import { sha256Hex } from "#workflow/ids";
import type {
  ColumnLineageResult,
  LineageGraph,
  ProductLineage,
} from "#portal/shared/lineage/api-schemas";
import {
  DATASET_EVENT,
  JOB_EVENT,
  PRODUCER,
  SPEC_COMPLETE_EVENT,
  SPEC_START_EVENT,
  columnLineageFacet,
  runEvent,
} from "../../support/openlineage-events";
import { exampleInput } from "../../support/specs";
import { forEachDatabase } from "../portal/databases";
import { json, registrationOf, type Harness, type Person, issueApiKey } from "../portal/harness";

vi.mock("server-only", () => ({}));

const names = (result: LineageGraph) => result.nodes.map((n) => `${n.kind}:${n.name}`).sort();

forEachDatabase((target, open) => {
  describe(`lineage (${target})`, () => {
    let h: Harness & { close: () => Promise<void> };
    let key: string;
    /** Posts an event and waits for the projector, as the tests below read the graph tables. */
    const post = async (body: unknown, bearer = key) => {
      const response = await h.call(ingest.POST, "POST", "/api/v1/lineage", {
        as: { bearer },
        body,
      });
      await projectPending(h.prisma);
      return response;
    };

    beforeAll(async () => {
      h = await open();
      for (const file of [
        "card-transactions.yaml",
        "fraud-scores.yaml",
        "country-codes.yaml",
        "customer-360.yaml",
      ]) {
        await h.register(registrationOf(exampleInput(file)));
      }
      key = (await issueApiKey(h, "member", "payments", "airflow")).key;
    });
    afterAll(async () => {
      await h.close();
    });

    describe("ingestion", () => {
      it("accepts the spec's RunEvents, stores each once and answers 200 to a redelivery", async () => {
        const first = await post(SPEC_START_EVENT);
        expect(first.status).toBe(201);
        expect(await json(first)).toEqual({ received: 1, stored: 1, duplicates: 0 });
        const { producer, ...rest } = SPEC_START_EVENT;
        const reordered = { producer, ...rest };
        const again = await post(reordered);
        expect(again.status).toBe(200);
        expect(await json(again)).toEqual({ received: 1, stored: 0, duplicates: 1 });
        expect((await post(SPEC_COMPLETE_EVENT)).status).toBe(201);
        expect(
          await h.prisma.lineageEvent.count({ where: { runId: SPEC_START_EVENT.run.runId } }),
        ).toBe(2);
        const run = await h.prisma.lineageRun.findUniqueOrThrow({
          where: { runId: SPEC_START_EVENT.run.runId },
        });
        expect([run.state, run.startedAt?.toISOString(), run.endedAt?.toISOString()]).toEqual([
          "COMPLETE",
          "2020-12-28T09:52:00.001Z",
          "2020-12-28T10:52:00.001Z",
        ]);
      });

      it("keeps the latest facets of a known dataset, merged", async () => {
        const output = {
          namespace: "my-datasource-namespace",
          name: "instance.schema.output_table",
        };
        const documentation = {
          _producer: PRODUCER,
          _schemaURL: "https://openlineage.io/spec/facets/1-0-1/DocumentationDatasetFacet.json",
          description: "scores",
        };
        await post(
          runEvent({
            job: "docs",
            eventTime: "2024-01-05T00:00:00Z",
            outputs: [{ ...output, facets: { documentation } }],
          }),
        );
        const node = await h.prisma.lineageNode.findUniqueOrThrow({
          where: { kind_namespace_name: { kind: "dataset", ...output } },
        });
        expect(Object.keys(node.facets as object).sort()).toEqual(["documentation", "schema"]);
        expect(node.lastSeenAt.toISOString()).toBe("2024-01-05T00:00:00.000Z");
      });

      it("keeps the raw event, unknown facets included, with the key that sent it", async () => {
        const event = {
          ...runEvent({ job: "custom", eventTime: "2024-02-01T00:00:00Z" }),
          run: {
            runId: "0190a000-0000-7000-8000-00000000beef",
            facets: {
              spark_unknown: { _producer: PRODUCER, _schemaURL: "https://x.test/S.json", v: 1 },
            },
          },
        };
        expect((await post(event)).status).toBe(201);
        const stored = await h.prisma.lineageEvent.findFirstOrThrow({
          where: { runId: event.run.runId },
        });
        expect(stored.payload).toEqual(event);
        expect(stored.apiKeyId).not.toBeNull();
      });

      it("accepts DatasetEvents and JobEvents", async () => {
        expect(await json(await post(DATASET_EVENT))).toEqual({
          received: 1,
          stored: 1,
          duplicates: 0,
        });
        expect(await json(await post(JOB_EVENT))).toEqual({
          received: 1,
          stored: 1,
          duplicates: 0,
        });
        const edges = await h.call(graph.GET, "GET", "/", {
          as: "outsider",
          query: { node: "job", namespace: "dbt", name: "jaffle_shop.orders", depth: 1 },
        });
        expect(names(await json<LineageGraph>(edges))).toEqual([
          "dataset:landing/orders",
          "dataset:orders",
          "job:jaffle_shop.orders",
        ]);
      });

      it("rejects a malformed event with problem+json naming the path", async () => {
        const response = await post({ ...SPEC_START_EVENT, run: {}, eventType: "DONE" });
        expect(response.status).toBe(422);
        expect(response.headers.get("content-type")).toBe("application/problem+json");
        expect(await json(response)).toEqual({
          type: "https://meshplane.dev/problems/validation-failed",
          title: "Validation failed",
          status: 422,
          detail: "the request is not valid",
          errors: [
            {
              path: "eventType",
              message:
                'must be one of START, RUNNING, COMPLETE, ABORT, FAIL, OTHER, not string "DONE"',
            },
            { path: "run.runId", message: "is required" },
          ],
        });
      });

      it("stores a batch in one go and refuses one over the limit", async () => {
        const events = ["2024-03-01", "2024-03-02", "2024-03-03"].map((day) =>
          runEvent({
            job: "batch.job",
            eventTime: `${day}T00:00:00Z`,
            outputs: [{ namespace: "s3://batch", name: "out" }],
          }),
        );
        const response = await h.call(batch.POST, "POST", "/", {
          as: { bearer: key },
          body: [...events, events[0]],
        });
        expect(await json(response)).toEqual({ received: 4, stored: 3, duplicates: 1 });
        const tooBig = await h.call(batch.POST, "POST", "/", {
          as: { bearer: key },
          body: Array.from({ length: 501 }, () => events[0]),
        });
        expect(tooBig.status).toBe(422);
      });
    });

    describe("API keys", () => {
      it("needs a valid key, refuses a revoked one, and only members issue them", async () => {
        expect((await post(SPEC_START_EVENT, "mpl_not-a-key")).status).toBe(401);
        expect((await h.call(ingest.POST, "POST", "/", { body: SPEC_START_EVENT })).status).toBe(
          401,
        );
        const issued = await issueApiKey(h, "owner", "payments", "airflow");
        expect(
          (await post(runEvent({ job: "k", eventTime: "2024-01-01T00:00:00Z" }), issued.key))
            .status,
        ).toBe(201);
        const revoked = await h.call(apiKey.DELETE, "DELETE", "/", {
          as: "owner",
          params: { slug: "payments", id: issued.id },
        });
        expect(revoked.status).toBe(200);
        expect(
          (await post(runEvent({ job: "k", eventTime: "2024-01-02T00:00:00Z" }), issued.key))
            .status,
        ).toBe(401);
        const forbidden = await h.call(apiKeys.POST, "POST", "/", {
          as: "otherMember",
          params: { slug: "payments" },
          body: { label: "x" },
        });
        expect(forbidden.status).toBe(403);
        const list = await json<{
          items: { id: string; prefix: string; revokedAt: string | null; key?: string }[];
        }>(await h.call(apiKeys.GET, "GET", "/", { as: "owner", params: { slug: "payments" } }));
        const listed = list.items.find((item) => item.id === issued.id);
        expect([listed?.prefix, listed?.revokedAt === null, listed?.key]).toEqual([
          issued.key.slice(0, 12),
          false,
          undefined,
        ]);
        const audit = await h.prisma.auditLog.findMany({
          where: { entityId: issued.id },
          orderBy: { at: "asc" },
        });
        expect(audit.map((entry) => entry.action)).toEqual(["api-key.created", "api-key.revoked"]);
      });
    });

    describe("API key scope", () => {
      it("refuses a key without the lineage:write scope", async () => {
        const readOnly = newKey();
        await h.prisma.lineageApiKey.create({
          data: {
            domain: "payments",
            label: "read-only",
            prefix: readOnly.slice(0, 12),
            hash: sha256Hex(readOnly),
            scopes: [],
          },
        });
        const response = await post(
          runEvent({ job: "scoped", eventTime: "2024-01-03T00:00:00Z" }),
          readOnly,
        );
        expect(response.status).toBe(403);
        expect(
          await h.prisma.lineageEvent.count({
            where: { payload: { path: ["job", "name"], equals: "scoped" } },
          }),
        ).toBe(0);
      });
    });

    describe("graph", () => {
      // A → j1 → B → j2 → C, D → j2
      beforeAll(async () => {
        const ds = (name: string, facets?: Record<string, unknown>) => ({
          namespace: "s3://g",
          name,
          ...(facets ? { facets } : {}),
        });
        await h.call(batch.POST, "POST", "/", {
          as: { bearer: key },
          body: [
            runEvent({
              job: "j1",
              eventTime: "2024-05-01T00:00:00Z",
              inputs: [ds("A")],
              outputs: [
                ds("B", {
                  columnLineage: columnLineageFacet({
                    amount: [{ namespace: "s3://g", name: "A", field: "amount_raw" }],
                  }),
                }),
              ],
            }),
            runEvent({
              job: "j2",
              eventTime: "2024-05-01T01:00:00Z",
              inputs: [ds("B"), ds("D")],
              outputs: [
                ds("C", {
                  columnLineage: columnLineageFacet({
                    total: [
                      { namespace: "s3://g", name: "B", field: "amount" },
                      { namespace: "s3://g", name: "D", field: "fee" },
                    ],
                  }),
                }),
              ],
            }),
          ],
        });
      });

      const walk = async (query: Record<string, string | number>) =>
        json<LineageGraph>(
          await h.call(graph.GET, "GET", "/", {
            as: "outsider",
            query: { node: "dataset", namespace: "s3://g", ...query },
          }),
        );

      it.each([
        [1, ["dataset:C", "job:j2"]],
        [2, ["dataset:B", "dataset:C", "dataset:D", "job:j2"]],
        [3, ["dataset:B", "dataset:C", "dataset:D", "job:j1", "job:j2"]],
        [4, ["dataset:A", "dataset:B", "dataset:C", "dataset:D", "job:j1", "job:j2"]],
      ])("upstream of C at depth %i", async (depth, expected) => {
        expect(names(await walk({ name: "C", direction: "upstream", depth }))).toEqual(expected);
      });

      it("downstream, both ways, and the datasets-only view", async () => {
        expect(names(await walk({ name: "A", direction: "downstream", depth: 2 }))).toEqual([
          "dataset:A",
          "dataset:B",
          "job:j1",
        ]);
        const both = await walk({ name: "B", direction: "both", depth: 1 });
        expect(names(both)).toEqual(["dataset:B", "job:j1", "job:j2"]);
        expect(both.nodes.map((n) => [n.name, n.depth]).sort()).toEqual([
          ["B", 0],
          ["j1", -1],
          ["j2", 1],
        ]);
        const datasets = await walk({
          name: "C",
          direction: "upstream",
          depth: 1,
          view: "datasets",
        });
        expect(names(datasets)).toEqual(["dataset:B", "dataset:C", "dataset:D"]);
        expect(datasets.edges.map((e) => e.kind)).toEqual(["derives", "derives"]);
      });

      it("answers 404 for an unknown start and 422 for a bad query", async () => {
        const missing = await h.call(graph.GET, "GET", "/", {
          as: "outsider",
          query: { node: "dataset", namespace: "s3://g", name: "Z" },
        });
        expect(missing.status).toBe(404);
        const bad = await h.call(graph.GET, "GET", "/", {
          as: "outsider",
          query: { node: "dataset", name: "C", depth: 11 },
        });
        expect(bad.status).toBe(422);
        expect((await json<{ errors: unknown }>(bad)).errors).toEqual([
          { path: "query.depth", message: "must be at most 10" },
          { path: "query.namespace", message: "is required for a dataset" },
        ]);
        // The start is looked up by kind: a dataset's name does not start a job's walk.
        const notAJob = await h.call(graph.GET, "GET", "/", {
          as: "outsider",
          query: { node: "job", namespace: "s3://g", name: "C" },
        });
        expect(notAJob.status).toBe(404);
        expect((await json<{ detail: string }>(notAJob)).detail).toBe(
          "no job s3://g:C has been reported",
        );
      });

      it("keeps the nodes nearest the start at the node cap, and the edges among them", async () => {
        // hub → fan → 2,100 datasets: 2,102 nodes within depth 2, over the 2,000-node cap.
        await h.prisma.$executeRawUnsafe(
          `INSERT INTO lineage_nodes (kind, namespace, name)
           SELECT 'dataset', 's3://fan', 'hub' UNION ALL SELECT 'job', 'fan', 'fan'`,
        );
        await h.prisma.$executeRawUnsafe(
          `INSERT INTO lineage_nodes (kind, namespace, name)
           SELECT 'dataset', 's3://fan', 'out-' || lpad(i::text, 4, '0')
           FROM generate_series(1, 2100) i ORDER BY i`,
        );
        await h.prisma.$executeRawUnsafe(
          `INSERT INTO lineage_edges (source_id, target_id, kind)
           SELECT d.id, j.id, 'reads' FROM lineage_nodes d, lineage_nodes j
           WHERE d.namespace = 's3://fan' AND d.name = 'hub' AND j.kind = 'job' AND j.name = 'fan'
           UNION ALL
           SELECT j.id, d.id, 'writes' FROM lineage_nodes d, lineage_nodes j
           WHERE d.namespace = 's3://fan' AND d.name LIKE 'out-%' AND j.kind = 'job'
             AND j.name = 'fan'`,
        );
        const outs = await h.prisma.lineageNode.findMany({
          where: { namespace: "s3://fan", name: { startsWith: "out-" } },
          select: { id: true },
          orderBy: { id: "asc" },
        });
        const fan = async (depth: number) =>
          json<LineageGraph>(
            await h.call(graph.GET, "GET", "/", {
              as: "outsider",
              query: { node: "dataset", namespace: "s3://fan", name: "hub", depth },
            }),
          );

        const capped = await fan(2);
        expect(capped.truncated).toBe(true);
        expect(capped.nodes).toHaveLength(2000);
        expect(capped.nodes.slice(0, 2).map((n) => [n.name, n.depth])).toEqual([
          ["hub", 0],
          ["fan", 1],
        ]);
        // Among equally near nodes, the lowest ids are kept.
        const kept = capped.nodes.filter((n) => n.depth === 2).map((n) => n.id);
        expect(kept).toEqual(outs.slice(0, 1998).map((n) => n.id));
        const shown = new Set(capped.nodes.map((n) => n.id));
        expect(capped.edges).toHaveLength(1999);
        expect(capped.edges.every((e) => shown.has(e.source) && shown.has(e.target))).toBe(true);

        const near = await fan(1);
        expect(near.truncated).toBe(false);
        expect(names(near)).toEqual(["dataset:hub", "job:fan"]);
      });

      it("follows column lineage of a field", async () => {
        const result = await json<ColumnLineageResult>(
          await h.call(columns.GET, "GET", "/", {
            as: "outsider",
            query: { namespace: "s3://g", name: "C", field: "total" },
          }),
        );
        expect(
          result.edges.map((e) => [
            `${e.from.name}.${e.from.field}`,
            `${e.to.name}.${e.to.field}`,
            e.depth,
          ]),
        ).toEqual([
          ["B.amount", "C.total", 1],
          ["D.fee", "C.total", 1],
          ["A.amount_raw", "B.amount", 2],
        ]);
        const down = await json<ColumnLineageResult>(
          await h.call(columns.GET, "GET", "/", {
            as: "outsider",
            query: { namespace: "s3://g", name: "A", field: "amount_raw", direction: "downstream" },
          }),
        );
        expect(down.edges.map((e) => `${e.to.name}.${e.to.field}`)).toEqual([
          "B.amount",
          "C.total",
        ]);
      });
    });

    describe("products", () => {
      beforeAll(async () => {
        await post(
          runEvent({
            job: "payments.fraud_scoring",
            eventTime: "2024-06-01T00:00:00Z",
            inputs: [
              { namespace: "file", name: "/warehouse/payments/card-transactions/data" },
              { namespace: "meshplane", name: "reference.country_codes" },
            ],
            outputs: [{ namespace: "meshplane", name: "payments.fraud_scores" }],
          }),
        );
      });

      it("links datasets to products from storage URIs and catalog tables", async () => {
        const linked = await h.prisma.datasetProductLink.findMany({
          include: { product: { select: { domain: true, name: true } } },
        });
        const byProduct = linked
          .map((l) => `${l.product.domain}/${l.product.name}:${l.source}`)
          .sort();
        expect(byProduct).toEqual([
          "payments/card-transactions:automatic",
          "payments/fraud-scores:automatic",
          "reference/country-codes:automatic",
        ]);
      });

      it("shows a product's lineage with declared vs observed inputs flagged", async () => {
        const fraud = await json<ProductLineage>(
          await h.call(productLineage.GET, "GET", "/", {
            as: "outsider",
            params: { domain: "payments", name: "fraud-scores" },
          }),
        );
        expect(fraud.inputs).toEqual({
          confirmed: ["payments/card-transactions"],
          declaredOnly: [],
          observedOnly: ["reference/country-codes"],
        });
        expect(
          fraud.nodes
            .filter((n) => n.product !== null)
            .map((n) => `${n.product}@${n.depth}`)
            .sort(),
        ).toEqual([
          // card-transactions' declared input, drawn though nothing of it was observed
          "customer/customer-events@-3",
          "payments/card-transactions@-2",
          "payments/fraud-scores@0",
          "reference/country-codes@-2",
        ]);
        const customer = await json<ProductLineage>(
          await h.call(productLineage.GET, "GET", "/", {
            as: "outsider",
            params: { domain: "customer", name: "customer-360" },
          }),
        );
        expect(customer.inputs).toEqual({
          confirmed: [],
          declaredOnly: ["customer/customer-events", "reference/country-codes"],
          observedOnly: [],
        });
        expect(customer.nodes).toEqual([]);
      });

      it("draws declared inputs: observed ones marked, unobserved ones as declared edges", async () => {
        const fraud = await json<LineageGraph>(
          await h.call(graph.GET, "GET", "/", {
            as: "outsider",
            query: { node: "product", domain: "payments", name: "fraud-scores", depth: 4 },
          }),
        );
        const label = (id: number) => {
          const node = fraud.nodes.find((n) => n.id === id);
          return node?.product ?? `${node?.kind}:${node?.name}`;
        };
        const drawn = fraud.edges
          .map((e) => `${label(e.source)} ${e.kind} ${label(e.target)} ${e.declared} ${e.observed}`)
          .sort();
        expect(drawn).toEqual([
          "customer/customer-events declared payments/card-transactions true false",
          "job:payments.fraud_scoring writes payments/fraud-scores true true",
          "payments/card-transactions reads job:payments.fraud_scoring true true",
          "reference/country-codes reads job:payments.fraud_scoring false true",
        ]);
        const unregistered = fraud.nodes.find((n) => n.kind === "product");
        expect(unregistered).toMatchObject({
          name: "customer/customer-events",
          product: "customer/customer-events",
          domain: "customer",
          depth: -3,
        });
        expect(unregistered?.id).toBeLessThan(0);
        // Walking downstream only, the undeclared-upstream product is not drawn.
        const down = await json<LineageGraph>(
          await h.call(graph.GET, "GET", "/", {
            as: "outsider",
            query: {
              node: "product",
              domain: "payments",
              name: "card-transactions",
              direction: "downstream",
            },
          }),
        );
        expect(down.nodes.some((n) => n.kind === "product")).toBe(false);
        expect(
          down.edges
            .filter((e) => e.declared)
            .map((e) => e.kind)
            .sort(),
        ).toEqual(["reads", "writes"]);
        // The datasets view marks the derives edge that carries the declared input.
        const datasets = await json<LineageGraph>(
          await h.call(graph.GET, "GET", "/", {
            as: "outsider",
            query: {
              node: "product",
              domain: "payments",
              name: "fraud-scores",
              direction: "upstream",
              view: "datasets",
            },
          }),
        );
        expect(
          datasets.edges
            .map((e) => `${label(e.source)} ${e.kind} ${e.declared} ${e.observed}`)
            .sort(),
        ).toEqual([
          "customer/customer-events declared true false",
          "payments/card-transactions derives true true",
          "reference/country-codes derives false true",
        ]);
      });

      it("draws no declared input of a product in the graph that the viewer may not see", async () => {
        const where = { domain_name: { domain: "payments", name: "card-transactions" } };
        const before = await h.prisma.dataProduct.findUniqueOrThrow({ where });
        const upstream = async (as: Person) =>
          json<LineageGraph>(
            await h.call(graph.GET, "GET", "/", {
              as,
              query: { node: "product", domain: "payments", name: "fraud-scores", depth: 4 },
            }),
          );
        try {
          // Never live: its dataset stays in the graph, as a dataset of no product.
          await h.prisma.dataProduct.update({ where, data: { status: "requested" } });
          const outsider = await upstream("outsider");
          const data = outsider.nodes.find(
            (n) => n.name === "/warehouse/payments/card-transactions/data",
          );
          expect(data).toMatchObject({ kind: "dataset", product: null, depth: -2 });
          // customer/customer-events is card-transactions' declared input only.
          expect(outsider.nodes.map((n) => n.product)).not.toContain("customer/customer-events");
          const member = await upstream("member");
          expect(member.nodes.map((n) => n.product)).toEqual(
            expect.arrayContaining(["payments/card-transactions", "customer/customer-events"]),
          );
        } finally {
          await h.prisma.dataProduct.update({ where, data: { status: before.status } });
        }
      });

      it("draws a declaring consumer downstream, only for those who may see it", async () => {
        const where = { domain_name: { domain: "customer", name: "customer-360" } };
        const before = await h.prisma.dataProduct.findUniqueOrThrow({ where });
        const consumers = async (as: Person) => {
          const down = await json<LineageGraph>(
            await h.call(graph.GET, "GET", "/", {
              as,
              query: {
                node: "product",
                domain: "payments",
                name: "card-transactions",
                direction: "downstream",
              },
            }),
          );
          return down.nodes
            .filter((n) => n.kind === "product")
            .map((n) => {
              const edge = down.edges.find((e) => e.target === n.id);
              const from = down.nodes.find((m) => m.id === edge?.source);
              return `${from?.product} ${edge?.kind} ${n.product}@${n.depth} ${edge?.observed}`;
            });
        };
        try {
          await h.prisma.dataProduct.update({
            where,
            data: { inputs: [...before.inputs, "payments/fraud-scores"] },
          });
          expect(await consumers("outsider")).toEqual([
            "payments/fraud-scores declared customer/customer-360@3 false",
          ]);
          // Never live: only its own domain sees it, in the graph as elsewhere.
          await h.prisma.dataProduct.update({ where, data: { status: "requested" } });
          expect(await consumers("outsider")).toEqual([]);
          expect(await consumers("otherMember")).toEqual([
            "payments/fraud-scores declared customer/customer-360@3 false",
          ]);
        } finally {
          await h.prisma.dataProduct.update({
            where,
            data: { inputs: before.inputs, status: before.status },
          });
        }
      });

      it("links a dataset by hand (domain members only) and unlinks it", async () => {
        const body = {
          namespace: "s3://acme-raw",
          name: "landing/orders",
          product: "payments/card-transactions",
        };
        expect((await h.call(links.PUT, "PUT", "/", { as: "otherMember", body })).status).toBe(403);
        expect((await h.call(links.PUT, "PUT", "/", { as: "member", body })).status).toBe(200);
        const link = await h.prisma.datasetProductLink.findFirstOrThrow({
          where: { source: "manual" },
          include: { product: true },
        });
        expect([link.product.name, link.createdById]).toEqual([
          "card-transactions",
          h.userIds.member,
        ]);
        const removed = await h.call(links.DELETE, "DELETE", "/", {
          as: "member",
          query: { namespace: "s3://acme-raw", name: "landing/orders" },
        });
        expect(removed.status).toBe(204);
        expect(await h.prisma.datasetProductLink.count({ where: { source: "manual" } })).toBe(0);
      });

      it("keeps another domain's dataset out of reach, and lets its owner undo a hijack", async () => {
        const dataset = { namespace: "file", name: "/warehouse/customer/customer-360/part-0" };
        await post(
          runEvent({ job: "copy_360", eventTime: "2024-06-02T00:00:00Z", outputs: [dataset] }),
        );
        const node = await h.prisma.lineageNode.findUniqueOrThrow({
          where: { kind_namespace_name: { kind: "dataset", ...dataset } },
        });
        const linkedTo = async () => {
          const link = await h.prisma.datasetProductLink.findUnique({
            where: { datasetId: node.id },
            include: { product: true },
          });
          return link === null ? null : `${link.product.domain}/${link.product.name}`;
        };
        expect(await linkedTo()).toBe("customer/customer-360");
        const takeOver = { ...dataset, product: "payments/fraud-scores" };
        expect((await h.call(links.PUT, "PUT", "/", { as: "member", body: takeOver })).status).toBe(
          403,
        );
        expect(await linkedTo()).toBe("customer/customer-360");
        // A link another domain set before the rule existed: its victim removes it.
        const fraud = await h.prisma.dataProduct.findUniqueOrThrow({
          where: { domain_name: { domain: "payments", name: "fraud-scores" } },
        });
        await h.prisma.datasetProductLink.update({
          where: { datasetId: node.id },
          data: { productId: fraud.id, source: "manual" },
        });
        const back = { ...dataset, product: "customer/customer-360" };
        expect(
          (await h.call(links.PUT, "PUT", "/", { as: "otherMember", body: back })).status,
        ).toBe(403);
        const unlinked = await h.call(links.DELETE, "DELETE", "/", {
          as: "otherMember",
          query: dataset,
        });
        expect(unlinked.status).toBe(204);
        await relinkDatasets(h.prisma);
        expect(await linkedTo()).toBe("customer/customer-360");
      });
    });
  });
});
