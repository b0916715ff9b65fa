/**
 * Consumers and notifications through the real handlers and database: a decommission and a
 * breaking change of customer/customer-events (which payments/card-transactions declares as an
 * input) reach the payments members' inboxes and the payments webhook, signed; the requester hears
 * of the decisions; the inbox API pages, filters and marks read, each user their own only.
 */
import { webhookReceiver } from "../../support/webhook-receiver";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import * as collection from "#portal/app/api/v1/requests/route";
import * as submit from "#portal/app/api/v1/requests/[id]/submit/route";
import * as approve from "#portal/app/api/v1/requests/[id]/approve/route";
import * as reject from "#portal/app/api/v1/requests/[id]/reject/route";
import * as deploy from "#portal/app/api/v1/requests/[id]/deploy/route";
import * as webhooks from "#portal/app/api/v1/domains/[slug]/webhooks/route";
import * as inbox from "#portal/app/api/v1/me/notifications/route";
import * as readOne from "#portal/app/api/v1/me/notifications/[id]/read/route";
import * as readAll from "#portal/app/api/v1/me/notifications/read-all/route";
import * as consumers from "#portal/app/api/v1/products/[domain]/[name]/consumers/route";
import * as productRoute from "#portal/app/api/v1/products/[domain]/[name]/route";
import { deployDueSunsets } from "#portal/server/deployments";
import type { NotificationList, ProductConsumersView } from "#portal/shared/notification-schemas";
import { deliverDue, verifySignature } from "#portal/server/lineage/webhooks";
import { endDeployment, enqueue } from "#workflow/deployment-queue";
import { exampleInput } from "../../support/specs";
import { forEachDatabase } from "./databases";
import { json, registrationOf, type Harness, type Person } from "./harness";

vi.mock("server-only", () => ({}));
vi.mock("#workflow/plan-preview", async (original) => ({
  ...(await original<typeof import("#workflow/plan-preview")>()),
  runPreview: () => Promise.resolve({ ok: false, error: "not previewed in this test" }),
}));

const PRODUCER = { domain: "customer", name: "customer-events" };

forEachDatabase(
  (target, open) => {
    describe(`consumers and notifications (${target})`, () => {
      let h: Harness & { close: () => Promise<void> };
      let hook: Awaited<ReturnType<typeof webhookReceiver>>;
      let secret: string;

      const inboxOf = async (as: Person, query: Record<string, string | number> = {}) =>
        json<NotificationList>(
          await h.call(inbox.GET, "GET", "/api/v1/me/notifications", { as, query }),
        );
      const kindsOf = async (as: Person) => (await inboxOf(as)).items.map((item) => item.kind);
      const file = async (body: unknown) => {
        const response = await h.call(collection.POST, "POST", "/api/v1/requests", {
          as: "otherMember",
          body,
        });
        expect(response.status, await response.clone().text()).toBe(201);
        const { id } = await json<{ id: string }>(response);
        const submitted = await h.call(submit.POST, "POST", "/", {
          as: "otherMember",
          params: { id },
        });
        expect(submitted.status, await submitted.clone().text()).toBe(200);
        return id;
      };

      /** Ends a deployment as the worker does: finished and settled in one transaction. */
      const endAsTheWorker = async (id: string) => {
        const deployment = await h.prisma.deployment.update({
          where: { id },
          data: { status: "running" },
        });
        await h.prisma.$transaction((tx) =>
          endDeployment(tx, deployment, undefined, { status: "succeeded" }),
        );
      };

      beforeAll(async () => {
        h = await open();
        await h.register(registrationOf(exampleInput("customer-events.yaml")));
        await h.register(registrationOf(exampleInput("card-transactions.yaml")));
        hook = await webhookReceiver([], "/hooks/payments");
        const created = await h.call(webhooks.POST, "POST", "/", {
          as: "owner",
          params: { slug: "payments" },
          body: { url: hook.url },
        });
        expect(created.status).toBe(201);
        secret = (await json<{ secret: string }>(created)).secret;
      });
      afterAll(async () => {
        await hook.close();
        await h.close();
      });

      it("lists the products that declare a product as an input, and their domains", async () => {
        const response = await h.call(consumers.GET, "GET", "/", {
          as: "outsider",
          params: PRODUCER,
        });
        expect(response.status).toBe(200);
        const view = await json<ProductConsumersView>(response);
        expect(view.products.map((p) => [p.ref, p.via, p.ownerEmails])).toEqual([
          ["payments/card-transactions", ["input"], ["paul@meshplane.test"]],
        ]);
        expect(view.domains).toEqual(["payments"]);
        const missing = await h.call(consumers.GET, "GET", "/", {
          as: "outsider",
          params: { domain: "customer", name: "nothing-here" },
        });
        expect(missing.status).toBe(404);
      });

      it("adds the jobs lineage saw reading it, and the products they write for their own domain", async () => {
        const product = (ref: { domain: string; name: string }) =>
          h.prisma.dataProduct.findUniqueOrThrow({ where: { domain_name: ref } });
        const node = (kind: string, name: string, domain: string | null = null) =>
          h.prisma.lineageNode.create({ data: { kind, namespace: "s3://lake", name, domain } });
        const events = await node("dataset", "customer/events");
        const cards = await node("dataset", "payments/cards");
        const enrich = await node("job", "enrich-cards", "payments");
        const foreign = await node("job", "claims-cards", "customer");
        await h.prisma.datasetProductLink.createMany({
          data: [
            { datasetId: events.id, productId: (await product(PRODUCER)).id, source: "manual" },
            {
              datasetId: cards.id,
              productId: (await product({ domain: "payments", name: "card-transactions" })).id,
              source: "manual",
            },
          ],
        });
        await h.prisma.lineageEdge.createMany({
          data: [
            { sourceId: events.id, targetId: enrich.id, kind: "reads", domains: ["payments"] },
            { sourceId: enrich.id, targetId: cards.id, kind: "writes", domains: ["payments"] },
            // Another domain's report cannot make a payments product a consumer.
            { sourceId: events.id, targetId: foreign.id, kind: "reads", domains: ["customer"] },
            { sourceId: foreign.id, targetId: cards.id, kind: "writes", domains: ["customer"] },
          ],
        });
        const view = await json<ProductConsumersView>(
          await h.call(consumers.GET, "GET", "/", { as: "member", params: PRODUCER }),
        );
        expect(view.products.map((p) => [p.ref, p.via])).toEqual([
          ["payments/card-transactions", ["input", "lineage"]],
        ]);
        expect(view.observed).toEqual([
          {
            namespace: "s3://lake",
            name: "claims-cards",
            domains: ["customer"],
            outputs: [{ namespace: "s3://lake", name: "payments/cards", product: null }],
          },
          {
            namespace: "s3://lake",
            name: "enrich-cards",
            domains: ["payments"],
            outputs: [
              {
                namespace: "s3://lake",
                name: "payments/cards",
                product: "payments/card-transactions",
              },
            ],
          },
        ]);
        expect(view.domains).toEqual(["payments"]);
      });

      it("tells a consumer domain's members and webhook of a proposed decommission, signed", async () => {
        const id = await file({
          kind: "decommission",
          product: "customer/customer-events",
          reason: "replaced by customer-events-v2",
        });
        expect(await kindsOf("admin")).toEqual(["request.submitted"]);
        for (const person of ["member", "owner"] as const)
          expect(await kindsOf(person)).toEqual(["consumed.decommission"]);
        // The requester is not told of their own action; nobody else consumes it.
        expect(await kindsOf("otherMember")).toEqual([]);
        expect(await kindsOf("outsider")).toEqual([]);
        const [notice] = (await inboxOf("member")).items;
        expect(notice).toMatchObject({
          title: "A decommission of customer/customer-events, which you consume, is proposed",
          body: "replaced by customer-events-v2",
          link: "/products/customer/customer-events",
          readAt: null,
          payload: { stage: "proposed", request: id, consumers: ["payments/card-transactions"] },
        });

        expect(await deliverDue(h.prisma)).toBe(1);
        expect(hook.received.map((r) => r.event)).toEqual(["consumed.decommission"]);
        const [delivery] = hook.received;
        if (delivery === undefined) throw new Error("nothing delivered");
        expect(verifySignature(secret, delivery.body, delivery.signature, new Date())).toBe(true);
        expect(verifySignature("whsec_wrong", delivery.body, delivery.signature, new Date())).toBe(
          false,
        );
        expect(JSON.parse(delivery.body)).toMatchObject({
          event: "consumed.decommission",
          kind: "consumed.decommission",
          product: "customer/customer-events",
          stage: "proposed",
          reason: "replaced by customer-events-v2",
          consumers: ["payments/card-transactions"],
        });

        // Approval and the destroy that carries it out are told too; the requester hears of both.
        const approved = await h.call(approve.POST, "POST", "/", {
          as: "admin",
          params: { id },
          body: { reason: "consumers were warned" },
        });
        expect(approved.status, await approved.clone().text()).toBe(200);
        const queued = await h.call(deploy.POST, "POST", "/", { as: "admin", params: { id } });
        expect(queued.status, await queued.clone().text()).toBeLessThan(300);
        const deployment = await h.prisma.deployment.findFirstOrThrow({ where: { requestId: id } });
        await endAsTheWorker(deployment.id);
        expect(await kindsOf("otherMember")).toEqual(["request.deployed", "request.approved"]);
        expect((await inboxOf("member")).items.map((item) => item.payload.stage)).toEqual([
          "deployed",
          "approved",
          "proposed",
        ]);
        expect(await deliverDue(h.prisma)).toBe(2);
      });

      it("tells consumers of a breaking change with its changes, not of a compatible one", async () => {
        await h.register(registrationOf(exampleInput("customer-events.yaml")));
        const live = exampleInput("customer-events.yaml");
        const compatible = await file({
          kind: "update",
          spec: { ...live, description: `${live.description} Now documented better.` },
        });
        expect((await inboxOf("member", { unread: "true" })).items).toHaveLength(3);
        await h.call(reject.POST, "POST", "/", {
          as: "admin",
          params: { id: compatible },
          body: { reason: "file it with the next change" },
        });
        const [dropped] = live.table.columns;
        const breaking = {
          ...live,
          table: { ...live.table, columns: live.table.columns.slice(1) },
        };
        await file({ kind: "update", spec: breaking });
        const items = (await inboxOf("member", { unread: "true" })).items;
        expect(items).toHaveLength(4);
        expect(items[0]).toMatchObject({
          kind: "consumed.breaking-change",
          payload: {
            stage: "proposed",
            changes: [expect.objectContaining({ kind: "removed", severity: "breaking" })],
          },
        });
        expect(items[0]?.body).toContain(dropped?.name ?? "?");
        expect(await kindsOf("otherMember")).toEqual([
          "request.rejected",
          "request.deployed",
          "request.approved",
        ]);
      });

      it("pages, filters and marks read each user's own notifications only", async () => {
        const page = await inboxOf("member", { pageSize: 2 });
        expect(page.pagination).toEqual({ page: 1, pageSize: 2, total: 4 });
        expect(page.unread).toBe(4);
        const [first] = page.items;
        if (first === undefined) throw new Error("no notification");
        const byOwner = await h.call(readOne.POST, "POST", "/", {
          as: "owner",
          params: { id: first.id },
        });
        expect(byOwner.status).toBe(404);
        const read = await h.call(readOne.POST, "POST", "/", {
          as: "member",
          params: { id: first.id },
        });
        expect(read.status).toBe(200);
        const readAt = (await json<{ readAt: string }>(read)).readAt;
        expect(readAt).not.toBeNull();
        const again = await h.call(readOne.POST, "POST", "/", {
          as: "member",
          params: { id: first.id },
        });
        expect((await json<{ readAt: string }>(again)).readAt).toBe(readAt);
        expect((await inboxOf("member", { unread: "true" })).items.map((i) => i.id)).not.toContain(
          first.id,
        );
        expect((await inboxOf("member")).unread).toBe(3);
        expect((await inboxOf("owner")).unread).toBe(4);

        const bad = await h.call(readOne.POST, "POST", "/", {
          as: "member",
          params: { id: "nope" },
        });
        expect(bad.status).toBe(422);
        const badQuery = await h.call(inbox.GET, "GET", "/", {
          as: "member",
          query: { unread: "maybe" },
        });
        expect(badQuery.status).toBe(422);

        const all = await h.call(readAll.POST, "POST", "/", { as: "member" });
        expect(await json(all)).toEqual({ marked: 3 });
        expect((await inboxOf("member")).unread).toBe(0);
        expect((await inboxOf("owner")).unread).toBe(4);
      });

      it("keeps a product readable and deprecated until its sunset, then queues its destroy", async () => {
        const ref = { domain: "payments", name: "card-transactions" };
        const filePast = await h.call(collection.POST, "POST", "/api/v1/requests", {
          as: "member",
          body: {
            kind: "decommission",
            product: "payments/card-transactions",
            reason: "moved to the new ledger",
            sunsetAt: "2020-01-01T00:00:00Z",
          },
        });
        expect(filePast.status).toBe(422);
        expect((await json<{ errors: { path: string }[] }>(filePast)).errors).toEqual([
          expect.objectContaining({ path: "sunsetAt", message: "must be in the future" }),
        ]);

        const sunset = new Date(Date.now() + 7 * 86_400_000);
        const filed = await h.call(collection.POST, "POST", "/api/v1/requests", {
          as: "member",
          body: {
            kind: "decommission",
            product: "payments/card-transactions",
            reason: "moved to the new ledger",
            sunsetAt: sunset.toISOString(),
          },
        });
        expect(filed.status, await filed.clone().text()).toBe(201);
        const { id, sunsetAt } = await json<{ id: string; sunsetAt: string }>(filed);
        expect(sunsetAt).toBe(sunset.toISOString());
        await h.call(submit.POST, "POST", "/", { as: "member", params: { id } });
        const product = async () =>
          json<{ status: string; deprecated: boolean; sunsetAt: string | null }>(
            await h.call(productRoute.GET, "GET", "/", { as: "outsider", params: ref }),
          );
        // Submitted is not yet decided: nothing is deprecated before approval.
        expect(await product()).toMatchObject({
          status: "live",
          deprecated: false,
          sunsetAt: null,
        });
        await h.call(approve.POST, "POST", "/", {
          as: "admin",
          params: { id },
          body: { reason: "consumers have a week" },
        });
        expect(await product()).toMatchObject({
          status: "live",
          deprecated: true,
          sunsetAt: sunset.toISOString(),
        });

        const early = await h.call(deploy.POST, "POST", "/", { as: "admin", params: { id } });
        expect(early.status).toBe(409);
        expect(await h.prisma.deployment.count({ where: { requestId: id } })).toBe(0);

        expect(await deployDueSunsets(h.prisma, new Date(sunset.getTime() - 60_000))).toBe(0);
        expect(await deployDueSunsets(h.prisma, new Date(sunset.getTime() + 60_000))).toBe(1);
        const request = await h.prisma.productRequest.findUniqueOrThrow({ where: { id } });
        expect(request.status).toBe("deploying");
        const destroy = await h.prisma.deployment.findFirstOrThrow({ where: { requestId: id } });
        expect([destroy.operation, destroy.status, destroy.startedById]).toEqual([
          "destroy",
          "queued",
          null,
        ]);
        // Once is enough: the request is no longer approved.
        expect(await deployDueSunsets(h.prisma, new Date(sunset.getTime() + 120_000))).toBe(0);
      });

      it("tells the consumers when a decommission's sunset comes, in the inbox and by webhook", async () => {
        await h.register(registrationOf(exampleInput("customer-events.yaml")));
        await h.register(registrationOf(exampleInput("card-transactions.yaml")));
        // The breaking update an earlier test left under review is rejected first.
        const open = await h.prisma.productRequest.findMany({
          where: { domain: "customer", name: "customer-events", status: "submitted" },
        });
        for (const { id: openId } of open) {
          const rejected = await h.call(reject.POST, "POST", "/", {
            as: "admin",
            params: { id: openId },
            body: { reason: "superseded by the decommission" },
          });
          expect(rejected.status, await rejected.clone().text()).toBe(200);
        }
        const sunset = new Date(Date.now() + 3 * 86_400_000);
        const filed = await h.call(collection.POST, "POST", "/api/v1/requests", {
          as: "otherMember",
          body: {
            kind: "decommission",
            product: "customer/customer-events",
            reason: "replaced by customer-events-v2",
            sunsetAt: sunset.toISOString(),
          },
        });
        expect(filed.status, await filed.clone().text()).toBe(201);
        const { id } = await json<{ id: string }>(filed);
        await h.call(submit.POST, "POST", "/", { as: "otherMember", params: { id } });
        const approved = await h.call(approve.POST, "POST", "/", {
          as: "admin",
          params: { id },
          body: { reason: "three days of notice" },
        });
        expect(approved.status, await approved.clone().text()).toBe(200);
        await deliverDue(h.prisma);
        const delivered = hook.received.length;
        const sunsetKinds = async (as: Person) =>
          (await kindsOf(as)).filter((kind) => kind === "consumed.sunset-reached");
        expect(await sunsetKinds("member")).toEqual([]);

        // Before the sunset nothing is said; when the task carries it out, the consumers hear.
        expect(await deployDueSunsets(h.prisma, new Date(sunset.getTime() - 60_000))).toBe(0);
        expect(await sunsetKinds("member")).toEqual([]);
        // While the stack runs another destroy, the sunset waits approved, unannounced.
        const product = await h.prisma.dataProduct.findUniqueOrThrow({
          where: { domain_name: PRODUCER },
        });
        const { deployment: other } = await enqueue(h.prisma, {
          productId: product.id,
          stackName: product.stackName ?? "",
          environment: product.environment ?? "dev",
          operation: "destroy",
        });
        await h.prisma.deployment.update({ where: { id: other.id }, data: { status: "running" } });
        expect(await deployDueSunsets(h.prisma, new Date(sunset.getTime() + 60_000))).toBe(0);
        expect((await h.prisma.productRequest.findUniqueOrThrow({ where: { id } })).status).toBe(
          "approved",
        );
        expect(await sunsetKinds("member")).toEqual([]);
        await endAsTheWorker(other.id);
        await h.register(registrationOf(exampleInput("customer-events.yaml")));
        expect(await deployDueSunsets(h.prisma, new Date(sunset.getTime() + 60_000))).toBe(1);
        for (const person of ["member", "owner"] as const)
          expect(await sunsetKinds(person)).toEqual(["consumed.sunset-reached"]);
        // The producer's own domain and outsiders do not consume it.
        expect(await sunsetKinds("otherMember")).toEqual([]);
        expect(await sunsetKinds("outsider")).toEqual([]);
        const [notice] = (await inboxOf("member")).items;
        expect(notice).toMatchObject({
          kind: "consumed.sunset-reached",
          title:
            "The sunset of customer/customer-events, which you consume, has come: it is being decommissioned",
          link: "/products/customer/customer-events",
          payload: {
            stage: "sunset-reached",
            request: id,
            sunsetAt: sunset.toISOString(),
            consumers: ["payments/card-transactions"],
          },
        });

        expect(await deliverDue(h.prisma)).toBe(1);
        const sent = hook.received.slice(delivered);
        expect(sent.map((r) => r.event)).toEqual(["consumed.sunset-reached"]);
        const [delivery] = sent;
        if (delivery === undefined) throw new Error("nothing delivered");
        expect(verifySignature(secret, delivery.body, delivery.signature, new Date())).toBe(true);
        expect(JSON.parse(delivery.body)).toMatchObject({
          event: "consumed.sunset-reached",
          product: "customer/customer-events",
          stage: "sunset-reached",
          sunsetAt: sunset.toISOString(),
          reason: "replaced by customer-events-v2",
        });
      });
    });
  },
  {
    // The receiver listens on loopback, which webhooks may post to only when allowed.
    MESHPLANE_WEBHOOK_ALLOWED_HOSTS: "127.0.0.1",
  },
);
