/**
 * SLA status over time (injectable clock), driven by real OpenLineage events and probe results
 * through the route handlers, and breach webhooks delivered to a local HTTP server with retries.
 */
import { webhookReceiver } from "../../support/webhook-receiver";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import * as ingest from "#portal/app/api/v1/lineage/route";
import * as probes from "#portal/app/api/v1/sla/probes/route";
import * as summary from "#portal/app/api/v1/sla/route";
import * as productSla from "#portal/app/api/v1/products/[domain]/[name]/sla/route";
import * as webhooks from "#portal/app/api/v1/domains/[slug]/webhooks/route";
import type { ProductSla, SlaSummary } from "#portal/shared/lineage/api-schemas";
import { portalConfig, setPortalConfigForTests } from "#config";
import { setClockForTests } from "#portal/server/lineage/clock";
import { runProbes } from "#portal/server/lineage/prober";
import { evaluateProduct, evaluateProducts, recordSlaForAll } from "#portal/server/lineage/sla";
import { deliverDue, verifySignature } from "#portal/server/lineage/webhooks";
import { assertionsFacet, metricsFacet, runEvent } from "../../support/openlineage-events";
import { exampleInput } from "../../support/specs";
import { forEachDatabase } from "../portal/databases";
import { json, registrationOf, type Harness, issueApiKey } from "../portal/harness";

vi.mock("server-only", () => ({}));

const T0 = new Date("2026-03-01T00:00:00.000Z");
const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);

forEachDatabase((target, open) => {
  describe(`SLAs (${target})`, () => {
    let h: Harness & { close: () => Promise<void> };
    let key: string;
    let clock = T0;
    let hook: Awaited<ReturnType<typeof webhookReceiver>>;
    let secret: string;

    const write = (minutes: number, facets?: Record<string, unknown>) =>
      h.call(ingest.POST, "POST", "/", {
        as: { bearer: key },
        body: runEvent({
          job: "payments.fraud_scoring",
          eventTime: at(minutes).toISOString(),
          outputs: [
            {
              namespace: "meshplane",
              name: "payments.fraud_scores",
              ...(facets ? { facets } : {}),
            },
          ],
        }),
      });
    const sla = async () =>
      json<ProductSla>(
        await h.call(productSla.GET, "GET", "/", {
          as: "outsider",
          params: { domain: "payments", name: "fraud-scores" },
        }),
      );
    const tick = (minutes: number) => {
      clock = at(minutes);
      return recordSlaForAll(h.prisma, clock);
    };
    const overallHistory = async () =>
      (await sla()).history
        .filter((e) => e.check === "overall")
        .map((e) => `${e.status}@${e.at.slice(11, 16)}`);

    beforeAll(async () => {
      h = await open();
      // The receivers listen on loopback: on-premises receivers, as the allow list opens them.
      setPortalConfigForTests({ ...portalConfig(), webhookAllowedHosts: ["127.0.0.1"] });
      setClockForTests(() => clock);
      const registration = registrationOf(exampleInput("fraud-scores.yaml"));
      registration.outputs.inference = {
        name: "fraud-scorer",
        endpointUrl: "https://fraud.example.test/score",
      };
      await h.register(registration);
      await h.register(registrationOf(exampleInput("card-transactions.yaml")));
      // Both went live at T0 (registered, no deployment record): their first delivery is due then.
      await h.prisma.dataProduct.updateMany({ data: { createdAt: T0 } });
      key = (await issueApiKey(h, "member", "payments", "ci")).key;
      hook = await webhookReceiver([500], "/hooks/sla");
      const created = await h.call(webhooks.POST, "POST", "/", {
        as: "owner",
        params: { slug: "payments" },
        body: { url: hook.url },
      });
      expect(created.status).toBe(201);
      secret = (await json<{ secret: string }>(created)).secret;
    });
    afterAll(async () => {
      setClockForTests(undefined);
      await hook.close();
      await h.close();
    });

    it("moves freshness from no data to met to at risk to breached as time passes", async () => {
      await tick(0);
      expect((await sla()).current.freshness).toEqual({
        status: "unknown",
        reason: `no data yet: first delivery expected by ${at(1440).toISOString()}`,
      });
      expect((await write(0)).status).toBe(201);
      expect((await sla()).current.freshness).toEqual({
        status: "met",
        reason: "last successful write 0 min ago (limit 1440 min)",
      });
      await tick(1100);
      expect((await sla()).current.freshness.status).toBe("met");
      await tick(1200);
      expect((await sla()).current.freshness.status).toBe("at_risk");
      await tick(1500);
      expect((await sla()).current.freshness).toEqual({
        status: "breached",
        reason: "last successful write 1500 min ago (limit 1440 min)",
      });
      expect(await overallHistory()).toEqual([
        "unknown@00:00",
        "met@00:00",
        "at_risk@20:00",
        "breached@01:00",
      ]);
    });

    it("posts the breach to the domain's webhook, signed, retrying after a failure", async () => {
      expect(await deliverDue(h.prisma)).toBe(1);
      expect(hook.received.length).toBe(1);
      const pending = await h.prisma.webhookDelivery.findFirstOrThrow();
      expect([
        pending.status,
        pending.attempts,
        pending.lastStatusCode,
        pending.nextAttemptAt.toISOString(),
      ]).toEqual(["pending", 1, 500, new Date(at(1500).getTime() + 30_000).toISOString()]);
      expect(await deliverDue(h.prisma)).toBe(0); // not due yet
      clock = new Date(at(1500).getTime() + 30_000);
      expect(await deliverDue(h.prisma)).toBe(1);
      const delivered = await h.prisma.webhookDelivery.findFirstOrThrow();
      expect([delivered.status, delivered.attempts, delivered.lastStatusCode]).toEqual([
        "delivered",
        2,
        200,
      ]);
      expect(hook.received.length).toBe(2);
      for (const request of hook.received) {
        expect(request.event).toBe("sla.breached");
        expect(verifySignature(secret, request.body, request.signature, clock)).toBe(true);
        expect(verifySignature("whsec_wrong", request.body, request.signature, clock)).toBe(false);
        expect(verifySignature(secret, `${request.body} `, request.signature, clock)).toBe(false);
      }
      const payload = JSON.parse(hook.received[1]?.body ?? "{}") as Record<string, unknown>;
      expect([payload.event, payload.product, payload.previous, payload.status]).toEqual([
        "sla.breached",
        "payments/fraud-scores",
        "at_risk",
        "breached",
      ]);
    });

    it("gives up after the last attempt and keeps the log", async () => {
      const failing = await webhookReceiver([500, 500, 500, 500, 500, 500]);
      await h.prisma.webhookDelivery.create({
        data: {
          url: failing.url,
          event: "sla.breached",
          payload: { event: "sla.breached" },
          nextAttemptAt: clock,
        },
      });
      for (let attempt = 1; attempt <= 6; attempt += 1) {
        await deliverDue(h.prisma);
        clock = new Date(clock.getTime() + 60 * 60_000);
      }
      const failed = await h.prisma.webhookDelivery.findFirstOrThrow({
        where: { url: failing.url },
      });
      expect([failed.status, failed.attempts, failing.received.length]).toEqual(["failed", 6, 6]);
      await failing.close();
    });

    it("turns quality to breached when a critical column's null rate exceeds 1 %", async () => {
      clock = at(1600);
      await write(1600, {
        dataQualityMetrics: metricsFacet(1000, { merchant_id: 11, fraud_rate: 500 }),
      });
      expect((await sla()).current.quality).toEqual({
        status: "breached",
        reason: "null rate of critical column merchant_id is 1.10 % (> 1 %)",
      });
      await write(1610, {
        dataQualityMetrics: metricsFacet(1000, { merchant_id: 0, fraud_rate: 500 }),
      });
      expect((await sla()).current.quality).toEqual({
        status: "met",
        reason: "all quality checks passed",
      });
    });

    it("reads quality from the newest result of each assertion and column metric", async () => {
      clock = at(1611);
      // A dbt test run: a failing error-severity test on a non-critical column...
      await write(1611, {
        dataQualityAssertions: assertionsFacet([
          { assertion: "not_null", success: false, column: "model_version", severity: "error" },
          { assertion: "unique", success: true, column: "merchant_id" },
        ]),
      });
      const failing = {
        status: "breached",
        reason: "assertion not_null failed on column model_version (severity error)",
      };
      expect((await sla()).current.quality).toEqual(failing);
      // ...is not hidden by a later profiler event about other columns.
      await write(1612, { dataQualityMetrics: metricsFacet(1000, { fraud_rate: 3 }) });
      expect((await sla()).current.quality).toEqual(failing);
      // A warn-severity failure only puts it at risk; the next result of the same test decides.
      await write(1613, {
        dataQualityAssertions: assertionsFacet([
          { assertion: "not_null", success: false, column: "model_version", severity: "warn" },
        ]),
      });
      expect((await sla()).current.quality).toEqual({
        status: "at_risk",
        reason: "assertion not_null failed on column model_version (severity warn)",
      });
      await write(1614, {
        dataQualityAssertions: assertionsFacet([
          { assertion: "not_null", success: true, column: "model_version", severity: "warn" },
        ]),
      });
      expect((await sla()).current.quality).toEqual({
        status: "met",
        reason: "all quality checks passed",
      });
    });

    it("does not evaluate retired products", async () => {
      const card = await h.prisma.dataProduct.findFirstOrThrow({
        where: { name: "card-transactions" },
        select: { id: true, domain: true, name: true, spec: true, outputs: true },
      });
      expect((await evaluateProduct(h.prisma, card, clock)).freshness.status).toBe("breached");
      await h.prisma.dataProduct.update({
        where: { id: card.id },
        data: { status: "decommissioned" },
      });
      const retired = await evaluateProduct(h.prisma, card, clock);
      expect(retired.overall).toEqual({
        status: "unknown",
        reason: "retired: decommissioned, not evaluated",
      });
      await h.prisma.dataProduct.update({ where: { id: card.id }, data: { status: "live" } });
    });

    it("measures availability from recorded probes with the domain's key only", async () => {
      expect((await sla()).current.availability.status).toBe("unknown");
      const probe = (ok: boolean, bearer = key) =>
        h.call(probes.POST, "POST", "/", {
          as: { bearer },
          body: {
            product: "payments/fraud-scores",
            ok,
            statusCode: ok ? 200 : 503,
            at: clock.toISOString(),
          },
        });
      const product = await h.prisma.dataProduct.findFirstOrThrow({
        where: { name: "fraud-scores" },
      });
      await h.prisma.availabilityProbe.createMany({
        data: Array.from({ length: 999 }, () => ({ productId: product.id, ok: true, at: clock })),
      });
      expect((await probe(false)).status).toBe(201);
      expect((await sla()).current.availability).toEqual({
        status: "at_risk",
        reason: "99.90 % of 1000 probes succeeded (target 99.9 %)",
      });
      expect((await probe(false)).status).toBe(201);
      expect((await sla()).current.availability.status).toBe("breached");
      const otherKey = await issueApiKey(h, "otherMember", "customer", "x");
      // The product is published (everyone sees it): another domain's key is refused, not told
      // that it is missing.
      const foreign = await probe(true, otherKey.key);
      expect(foreign.status).toBe(403);
    });

    it("summarises every product's latest status, worst first", async () => {
      await tick(1620);
      const result = await json<SlaSummary>(
        await h.call(summary.GET, "GET", "/", { as: "outsider" }),
      );
      expect(result.products.map((p) => [p.product, p.status])).toEqual([
        ["payments/card-transactions", "breached"],
        ["payments/fraud-scores", "breached"],
      ]);
      expect(result.counts).toEqual({ met: 0, at_risk: 0, breached: 2, unknown: 0 });
    });

    it("evaluates many products at once exactly as one at a time", async () => {
      const products = await h.prisma.dataProduct.findMany({
        select: { id: true, domain: true, name: true, spec: true, outputs: true },
      });
      expect(products.length).toBeGreaterThan(1);
      const together = await evaluateProducts(h.prisma, products, clock);
      for (const product of products)
        expect(together.get(product.id)).toEqual(await evaluateProduct(h.prisma, product, clock));
      // Both products have evidence of each kind by now: the comparison is not of empty reports.
      const fraud = products.find((p) => p.name === "fraud-scores");
      expect(together.get(fraud?.id ?? "")?.availability.status).toBe("breached");
      expect(together.get(fraud?.id ?? "")?.quality.status).toBe("met");
    });

    it("probes HTTP inference endpoints itself, as a worker would", async () => {
      const endpoint = await webhookReceiver([503]);
      const product = await h.prisma.dataProduct.findFirstOrThrow({
        where: { name: "fraud-scores" },
      });
      const outputs = {
        ...(product.outputs as object),
        inference: { name: "fraud-scorer", endpointUrl: endpoint.url },
      };
      await h.prisma.dataProduct.update({ where: { id: product.id }, data: { outputs } });
      expect(await runProbes(h.prisma)).toBe(1);
      expect(await runProbes(h.prisma)).toBe(1);
      const recorded = await h.prisma.availabilityProbe.findMany({
        where: { productId: product.id, latencyMs: { not: null } },
        orderBy: { id: "asc" },
      });
      expect(recorded.map((p) => [p.ok, p.statusCode, p.error])).toEqual([
        [false, 503, "HTTP 503"],
        [true, 200, null],
      ]);
      await endpoint.close();
    });
  });
});
