/**
 * Another domain's unpublished product (requested, deploying, failed: never live) stays its
 * domain's business on every read that mentions products next to a published one: the product
 * page's upstream and downstream, the consumers API (consumer products, what observed jobs wrote,
 * the consuming domains), the catalog's consumer counts and its typo corrections. Each case here
 * failed before the fix: the unpublished product, or a word of it, showed to other domains.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import * as catalog from "#portal/app/api/v1/catalog/route";
import * as inbox from "#portal/app/api/v1/me/notifications/route";
import * as requests from "#portal/app/api/v1/requests/route";
import * as submit from "#portal/app/api/v1/requests/[id]/submit/route";
import * as consumers from "#portal/app/api/v1/products/[domain]/[name]/consumers/route";
import * as productRoute from "#portal/app/api/v1/products/[domain]/[name]/route";
import { DataProductSpec } from "#contract";
import type { CatalogResult, ProductDetail } from "#portal/shared/api-schemas";
import type { NotificationList, ProductConsumersView } from "#portal/shared/notification-schemas";
import { createRequestedProduct } from "#workflow/product-status";
import { exampleInput, variant } from "../../support/specs";
import { forEachDatabase } from "./databases";
import { json, registrationOf, type Harness, type Person } from "./harness";

vi.mock("server-only", () => ({}));
vi.mock("#workflow/plan-preview", async (original) => ({
  ...(await original<typeof import("#workflow/plan-preview")>()),
  runPreview: () => Promise.resolve({ ok: false, error: "not previewed in this test" }),
}));

const PRODUCER = { domain: "customer", name: "customer-events" };
/** payments' product that was requested but never went live; customer may not know of it. */
const HIDDEN = "payments/zephyr-ledger";

forEachDatabase((target, open) => {
  describe(`another domain's unpublished product stays hidden (${target})`, () => {
    let h: Harness & { close: () => Promise<void> };

    beforeAll(async () => {
      h = await open();
      await h.register(registrationOf(exampleInput("customer-events.yaml")));
      await h.register(registrationOf(exampleInput("card-transactions.yaml")));
      // A live customer product that names the hidden one among its inputs.
      await h.register(
        registrationOf(
          variant("customer-360.yaml", (spec) => {
            spec.inputs = [HIDDEN];
          }),
        ),
      );
      const hidden = await createRequestedProduct(
        h.prisma,
        DataProductSpec.parse(
          variant("card-transactions.yaml", (spec) => {
            spec.name = "zephyr-ledger";
            spec.displayName = "Zephyr ledger";
          }),
        ),
      );
      // iot's, which only an admin sees: no list may name iot as a consumer for it.
      await createRequestedProduct(
        h.prisma,
        DataProductSpec.parse(
          variant("sensor-readings.yaml", (spec) => {
            spec.name = "quiet-sensors";
            spec.inputs = [`${PRODUCER.domain}/${PRODUCER.name}`];
          }),
        ),
      );
      await observedConsumer(h, hidden.id);
    });
    afterAll(async () => {
      await h.close();
    });

    const detail = async (as: Person, ref: { domain: string; name: string }) =>
      json<ProductDetail>(await h.call(productRoute.GET, "GET", "/", { as, params: ref }));
    const consumersOf = async (as: Person) =>
      json<ProductConsumersView>(await h.call(consumers.GET, "GET", "/", { as, params: PRODUCER }));
    const search = async (as: Person, query: Record<string, string | number>) =>
      json<CatalogResult>(await h.call(catalog.GET, "GET", "/api/v1/catalog", { as, query }));

    it("the product page lists it downstream only to its own domain", async () => {
      expect((await detail("otherMember", PRODUCER)).downstream).toEqual([
        "payments/card-transactions",
      ]);
      expect((await detail("member", PRODUCER)).downstream).toEqual([
        "payments/card-transactions",
        HIDDEN,
      ]);
      expect((await detail("admin", PRODUCER)).downstream).toEqual([
        "iot/quiet-sensors",
        "payments/card-transactions",
        HIDDEN,
      ]);
    });

    it("an input naming it reads as unregistered to other domains", async () => {
      const ref = { domain: "customer", name: "customer-360" };
      expect((await detail("otherMember", ref)).upstream).toEqual([
        { ref: HIDDEN, registered: false },
      ]);
      expect((await detail("member", ref)).upstream).toEqual([{ ref: HIDDEN, registered: true }]);
    });

    it("the consumers API names it nowhere, not as what an observed job wrote", async () => {
      const view = await consumersOf("otherMember");
      expect(view.products.map((product) => product.ref)).toEqual(["payments/card-transactions"]);
      expect(view.observed).toEqual([
        {
          namespace: "s3://lake",
          name: "zephyr-job",
          domains: ["payments"],
          outputs: [{ namespace: "s3://lake", name: "payments/zephyr", product: null }],
        },
      ]);
      expect(view.domains).toEqual(["payments"]);
      const own = await consumersOf("member");
      expect(own.products.map((product) => product.ref)).toEqual([
        "payments/card-transactions",
        HIDDEN,
      ]);
      expect(own.observed[0]?.outputs[0]?.product).toBe(HIDDEN);
      expect((await consumersOf("admin")).domains).toEqual(["iot", "payments"]);
    });

    it("the catalog counts it as a consumer only for its own domain", async () => {
      const counts = async (as: Person) =>
        (await search(as, { q: "customer events" })).items.find(
          (item) => `${item.domain}/${item.name}` === "customer/customer-events",
        )?.consumers;
      expect(await counts("otherMember")).toEqual({ products: 1, domains: 1 });
      expect(await counts("member")).toEqual({ products: 2, domains: 1 });
      expect(await counts("admin")).toEqual({ products: 3, domains: 2 });
    });

    it("a notice to the consumer domains names only published consumers", async () => {
      const filed = await h.call(requests.POST, "POST", "/", {
        as: "otherMember",
        body: { kind: "decommission", product: "customer/customer-events", reason: "replaced" },
      });
      expect(filed.status, await filed.clone().text()).toBe(201);
      const { id } = await json<{ id: string }>(filed);
      const submitted = await h.call(submit.POST, "POST", "/", {
        as: "otherMember",
        params: { id },
      });
      expect(submitted.status, await submitted.clone().text()).toBe(200);
      const notices = await json<NotificationList>(
        await h.call(inbox.GET, "GET", "/", { as: "member" }),
      );
      const notice = notices.items.find((item) => item.kind === "consumed.decommission");
      // iot is told too (its product consumes it), in the same words: payments may not learn of
      // iot's product (webhooks carry the same payload).
      expect(notice?.payload.consumers).toEqual(["payments/card-transactions"]);
    });

    it("the catalog's typo tolerance offers no word that only it holds", async () => {
      const typo = await search("otherMember", { q: "zephir" });
      expect(typo.corrections).toEqual([]);
      expect(typo.items).toEqual([]);
    });
  });
});

/** payments' job reads customer's events and writes a dataset linked to the hidden product. */
async function observedConsumer(h: Harness, hiddenId: string): Promise<void> {
  const node = (kind: string, name: string, domain: string | null = null) =>
    h.prisma.lineageNode.create({ data: { kind, namespace: "s3://lake", name, domain } });
  const events = await node("dataset", "customer/events");
  const written = await node("dataset", "payments/zephyr");
  const job = await node("job", "zephyr-job", "payments");
  const producer = await h.prisma.dataProduct.findUniqueOrThrow({
    where: { domain_name: PRODUCER },
  });
  await h.prisma.datasetProductLink.createMany({
    data: [
      { datasetId: events.id, productId: producer.id, source: "manual" },
      { datasetId: written.id, productId: hiddenId, source: "manual" },
    ],
  });
  await h.prisma.lineageEdge.createMany({
    data: [
      { sourceId: events.id, targetId: job.id, kind: "reads", domains: ["payments"] },
      { sourceId: job.id, targetId: written.id, kind: "writes", domains: ["payments"] },
    ],
  });
}
