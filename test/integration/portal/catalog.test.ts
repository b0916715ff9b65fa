import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { loadExampleSpecs } from "#contract/examples";
import * as catalog from "#portal/app/api/v1/catalog/route";
import * as registration from "#portal/app/api/v1/catalog/products/[domain]/[name]/route";
import * as product from "#portal/app/api/v1/products/[domain]/[name]/route";
import { recordSla } from "#portal/server/lineage/sla";
import type { CatalogResult, ProductDetail } from "#portal/shared/api-schemas";
import { exampleInput, variant } from "../../support/specs";
import { forEachDatabase } from "./databases";
import { PLATFORM_TOKEN, json, registrationOf, type Harness } from "./harness";

vi.mock("server-only", () => ({}));

const platform = { bearer: PLATFORM_TOKEN };

forEachDatabase((target, open) => {
  describe(`catalog (${target})`, () => {
    let h: Harness & { close: () => Promise<void> };
    beforeAll(async () => {
      h = await open();
      for (const example of loadExampleSpecs()) {
        const response = await h.call(registration.PUT, "PUT", "/", {
          as: platform,
          params: { domain: example.spec.domain, name: example.spec.name },
          body: registrationOf(exampleInput(example.file)),
        });
        expect(response.status).toBe(201);
      }
    });
    afterAll(async () => {
      await h.close();
    });

    const search = async (query: Record<string, string | number>) =>
      json<CatalogResult>(
        await h.call(catalog.GET, "GET", "/api/v1/catalog", { as: "outsider", query }),
      );
    const refs = (result: CatalogResult) => result.items.map((p) => `${p.domain}/${p.name}`);

    describe("registration endpoint", () => {
      const put = (domain: string, name: string, body: unknown) =>
        h.call(registration.PUT, "PUT", "/", { as: platform, params: { domain, name }, body });

      it("upserts: a second PUT of the stack updates the entry and adds a registration", async () => {
        const changed = registrationOf(
          variant("country-codes.yaml", (s) => {
            s.description = "ISO 3166 country codes, refreshed nightly from the registry.";
          }),
        );
        const response = await put("reference", "country-codes", changed);
        expect(response.status).toBe(200);
        expect(await json(response)).toEqual({
          domain: "reference",
          name: "country-codes",
          created: false,
        });
        const detail = await json<ProductDetail>(
          await h.call(product.GET, "GET", "/", {
            as: "member",
            params: { domain: "reference", name: "country-codes" },
          }),
        );
        expect(detail.description).toContain("refreshed nightly");
        expect(detail.environment).toBe("dev");
        expect(detail.registrations.map((r) => [r.event, r.environment])).toEqual([
          ["updated", "dev"],
          ["registered", "dev"],
        ]);
      });

      it("validates the body with field paths, and the path against the spec", async () => {
        const invalid = registrationOf(exampleInput("sensor-readings.yaml")) as unknown as Record<
          string,
          unknown
        >;
        const response = await put("iot", "sensor-readings", {
          ...invalid,
          outputs: { ...(invalid.outputs as object), storageUri: "ftp://nope" },
          environment: "Prod!",
        });
        expect(response.status).toBe(422);
        const problem = await json<{ errors: { path: string }[] }>(response);
        expect(problem.errors.map((e) => e.path).sort()).toEqual([
          "environment",
          "outputs.storageUri",
        ]);
        const mismatch = await put(
          "iot",
          "other-name",
          registrationOf(exampleInput("sensor-readings.yaml")),
        );
        expect(mismatch.status).toBe(422);
      });

      it("needs the platform token", async () => {
        const body = registrationOf(exampleInput("sensor-readings.yaml"));
        const params = { domain: "iot", name: "sensor-readings" };
        expect((await h.call(registration.PUT, "PUT", "/", { params, body })).status).toBe(401);
        expect(
          (await h.call(registration.PUT, "PUT", "/", { as: "admin", params, body })).status,
        ).toBe(401);
        expect(
          (
            await h.call(registration.PUT, "PUT", "/", {
              as: { bearer: `${PLATFORM_TOKEN}x` },
              params,
              body,
            })
          ).status,
        ).toBe(401);
      });

      // Without `stack` (a stack whose state holds the provider from before the parameter).
      it("DELETE marks the product decommissioned and hides it from search", async () => {
        await put(
          "iot",
          "old-sensors",
          registrationOf(
            variant("sensor-readings.yaml", (s) => {
              s.name = "old-sensors";
            }),
          ),
        );
        expect(refs(await search({ q: "old-sensors" }))).toEqual(["iot/old-sensors"]);
        const deleted = await h.call(registration.DELETE, "DELETE", "/", {
          as: platform,
          params: { domain: "iot", name: "old-sensors" },
        });
        expect(deleted.status).toBe(204);
        expect(refs(await search({ q: "old-sensors" }))).toEqual([]);
        const row = await h.prisma.dataProduct.findUniqueOrThrow({
          where: { domain_name: { domain: "iot", name: "old-sensors" } },
        });
        expect(row.status).toBe("decommissioned");
        const missing = await h.call(registration.DELETE, "DELETE", "/", {
          as: platform,
          params: { domain: "iot", name: "never-was" },
        });
        expect(missing.status).toBe(404);
      });
    });

    describe("search like a catalog", () => {
      const item = (result: CatalogResult, ref: string) => {
        const found = result.items.find((p) => `${p.domain}/${p.name}` === ref);
        if (found === undefined) throw new Error(`${ref} is not in the result`);
        return found;
      };

      it("tolerates typos through pg_trgm, and says what it searched for instead", async () => {
        const typo = await search({ q: "fruad", sort: "name" });
        expect(refs(typo)).toEqual(["payments/card-transactions", "payments/fraud-scores"]);
        expect(typo.corrections).toEqual([{ word: "fruad", searchedFor: ["fraud"] }]);
        // Every word that matches nothing is corrected; words that match stay as typed.
        const two = await search({ q: "custmer evnts" });
        expect(refs(two)).toContain("customer/customer-events");
        expect(two.corrections.map((c) => c.word).sort()).toEqual(["custmer", "evnts"]);
        const mixed = await search({ q: "model fruad" });
        expect(refs(mixed)).toEqual(["payments/fraud-scores"]);
        expect(mixed.corrections).toEqual([{ word: "fruad", searchedFor: ["fraud"] }]);
        // Exact words are not second-guessed; short words and far ones are not corrected.
        expect((await search({ q: "fraud" })).corrections).toEqual([]);
        expect(refs(await search({ q: "frd" }))).toEqual([]);
        expect(refs(await search({ q: "zzzz-nothing" }))).toEqual([]);
        expect(refs(await search({ q: "fxxxd" }))).toEqual([]);
      });

      it("keeps the vocabulary in step with the products (trigger on data_products)", async () => {
        const words = async (word: string) => h.prisma.catalogWord.findUnique({ where: { word } });
        const put = (description: string) =>
          h.call(registration.PUT, "PUT", "/", {
            as: platform,
            params: { domain: "reference", name: "country-codes" },
            body: registrationOf(
              variant("country-codes.yaml", (s) => {
                s.description = description;
              }),
            ),
          });
        expect((await put("ISO 3166 country codes, curated by the zebrafish team.")).status).toBe(
          200,
        );
        expect(await words("zebrafish")).toEqual({ word: "zebrafish", products: 1 });
        expect(refs(await search({ q: "zebrafsh" }))).toEqual(["reference/country-codes"]);
        expect((await put("ISO 3166 country codes.")).status).toBe(200);
        expect(await words("zebrafish")).toBeNull();
        expect((await words("payments"))?.products).toBe(2);
      });

      it("says where each result matched: name, column, tag, owner, description", async () => {
        const fraud = await search({ q: "fraud" });
        expect(item(fraud, "payments/fraud-scores").matchedOn).toEqual(
          expect.arrayContaining([
            { field: "name", value: "fraud-scores" },
            { field: "column", value: "fraud_rate" },
            {
              field: "description",
              value: expect.stringContaining("daily fraud rates") as string,
            },
          ]),
        );
        const column = await search({ q: "card_token" });
        expect(item(column, "payments/card-transactions").matchedOn).toContainEqual({
          field: "column",
          value: "card_token",
        });
        const onlyColumn = await search({ q: "amount" });
        expect(item(onlyColumn, "payments/card-transactions").matchedOn).toEqual([
          { field: "column", value: "amount" },
        ]);
        const tag = await search({ q: "cc-5200" });
        expect(item(tag, "payments/card-transactions").matchedOn).toEqual([
          { field: "tag", value: "cost-center: cc-5200" },
        ]);
        const owner = await search({ q: "payments-data" });
        expect(item(owner, "payments/fraud-scores").matchedOn).toContainEqual({
          field: "owner",
          value: "payments-data",
        });
        // A corrected word reports the word it matched.
        const typo = await search({ q: "fruad" });
        expect(item(typo, "payments/fraud-scores").matchedOn).toContainEqual({
          field: "name",
          value: "fraud-scores",
        });
        expect((await search({})).items.every((p) => p.matchedOn.length === 0)).toBe(true);
      });

      it("counts each product's consumers as the product page lists them", async () => {
        const all = await search({ pageSize: 100 });
        expect(item(all, "customer/customer-events").consumers).toEqual({
          products: 3,
          domains: 2,
        });
        expect(item(all, "payments/card-transactions").consumers).toEqual({
          products: 1,
          domains: 0,
        });
        expect(item(all, "reference/country-codes").consumers).toEqual({
          products: 1,
          domains: 1,
        });
        expect(item(all, "iot/sensor-readings").consumers).toEqual({ products: 0, domains: 0 });
      });

      it("shows SLA health and freshness per product, as facets that filter", async () => {
        const before = await search({ pageSize: 100 });
        expect(before.items.every((p) => p.health === "unknown" && p.freshness === "unknown")).toBe(
          true,
        );
        expect(before.facets.health).toEqual([{ value: "unknown", count: 7 }]);
        // Evaluated long after going live with no data written: the SLAs with a freshness
        // promise are breached, the others have no data yet.
        const products = await h.prisma.dataProduct.findMany({
          where: { status: "live" },
          select: { id: true, domain: true, name: true, spec: true, outputs: true },
        });
        await recordSla(h.prisma, products, new Date(Date.now() + 30 * 86_400_000));
        const latest = await h.prisma.$queryRawUnsafe<
          { check: string; value: string; count: number }[]
        >(
          `SELECT "check", status AS value, count(*)::int AS count FROM (
             SELECT DISTINCT ON (product_id, "check") product_id, "check", status FROM sla_evaluations
             ORDER BY product_id, "check", evaluated_at DESC, id DESC) latest
           WHERE "check" IN ('overall', 'freshness') GROUP BY 1, 2 ORDER BY 3 DESC, 2`,
        );
        const expected = (check: string) =>
          latest.filter((row) => row.check === check).map(({ value, count }) => ({ value, count }));
        const after = await search({ pageSize: 100 });
        expect(after.facets.health).toEqual(expected("overall"));
        expect(after.facets.freshness).toEqual(expected("freshness"));
        expect(after.facets.health.map((f) => f.value)).toContain("breached");
        const breached = await search({ health: "breached", pageSize: 100 });
        expect(breached.pagination.total).toBe(
          expected("overall").find((f) => f.value === "breached")?.count,
        );
        expect(breached.items.every((p) => p.health === "breached")).toBe(true);
        expect(item(breached, "payments/fraud-scores").freshness).toBe("breached");
        // Disjunctive like the other facets: the health facet still counts every status.
        expect(breached.facets.health).toEqual(after.facets.health);
        const response = await h.call(catalog.GET, "GET", "/api/v1/catalog", {
          as: "member",
          query: { freshness: "stale" },
        });
        expect(response.status).toBe(422);
        expect(await json(response)).toMatchObject({ errors: [{ path: "query.freshness" }] });
      });
    });

    describe("search", () => {
      it("finds products by name, description, column and tag, with prefixes", async () => {
        expect(refs(await search({ q: "fraud", sort: "name" }))).toEqual([
          "payments/card-transactions",
          "payments/fraud-scores",
        ]);
        expect(refs(await search({ q: "card_token" }))).toEqual(["payments/card-transactions"]);
        expect(refs(await search({ q: "cust ev" }))).toContain("customer/customer-events");
        expect(refs(await search({ q: "cc-5200" }))).toEqual(["payments/card-transactions"]);
        expect(refs(await search({ q: "zzzz-nothing" }))).toEqual([]);
      });

      it("ranks identity matches above description matches", async () => {
        const result = await search({ q: "customer" });
        expect(refs(result).slice(0, 2).sort()).toEqual([
          "customer/customer-360",
          "customer/customer-events",
        ]);
      });

      it("counts facets over the other filters (disjunctive)", async () => {
        const gold = await search({ tier: "gold" });
        expect(gold.items.every((p) => p.tier === "gold")).toBe(true);
        expect(gold.facets.tier).toEqual([
          { value: "gold", count: 4 },
          { value: "bronze", count: 2 },
          { value: "silver", count: 1 },
        ]);
        const cloudCounts = Object.fromEntries(gold.facets.cloud.map((f) => [f.value, f.count]));
        expect(cloudCounts).toEqual({ aws: 2, azure: 1, gcp: 1 });
        const goldAws = await search({ tier: "gold", cloud: "aws", sort: "name" });
        expect(refs(goldAws)).toEqual(["customer/customer-events", "payments/card-transactions"]);
        expect(goldAws.pagination.total).toBe(2);
      });

      it("paginates in a stable order", async () => {
        const all = await search({ sort: "name", pageSize: 100 });
        const pages = [1, 2, 3].map((page) => search({ sort: "name", pageSize: 3, page }));
        const joined = (await Promise.all(pages)).flatMap(refs);
        expect(joined).toEqual(refs(all));
        expect(all.pagination.total).toBe(7);
      });

      it("rejects unknown facet values with 422", async () => {
        const response = await h.call(catalog.GET, "GET", "/api/v1/catalog", {
          as: "member",
          query: { tier: "platinum" },
        });
        expect(response.status).toBe(422);
        expect(await json(response)).toMatchObject({ errors: [{ path: "query.tier" }] });
      });

      it("shows upstream and downstream lineage on the product", async () => {
        const detail = await json<ProductDetail>(
          await h.call(product.GET, "GET", "/", {
            as: "member",
            params: { domain: "customer", name: "customer-events" },
          }),
        );
        expect(detail.downstream).toEqual([
          "customer/customer-360",
          "payments/card-transactions",
          "sandbox/churn-experiments",
        ]);
        const cards = await json<ProductDetail>(
          await h.call(product.GET, "GET", "/", {
            as: "member",
            params: { domain: "payments", name: "card-transactions" },
          }),
        );
        expect(cards.upstream).toEqual([{ ref: "customer/customer-events", registered: true }]);
      });

      it("finds one product among 10,000 and can answer from the GIN index", async () => {
        await h.prisma.domain.create({ data: { slug: "bulk", name: "Bulk" } });
        // The search document comes from the trigger, as for every other write.
        await h.prisma.$executeRawUnsafe(`
          INSERT INTO "data_products" ("id", "domain", "name", "display_name", "description", "tier",
            "classification", "cloud", "region", "owner_team", "owner_emails", "inputs", "tags", "spec",
            "status", "updated_at")
          SELECT 'bulk-' || g, 'bulk', 'product-' || g, 'Bulk product ' || g, 'Synthetic product number ' || g,
            ((ARRAY['bronze','silver','gold'])[1 + g % 3])::tier, 'internal', ((ARRAY['aws','azure','gcp'])[1 + g % 3])::cloud,
            'eu-west-1', 'bulk-team', ARRAY['bulk@meshplane.test'], ARRAY[]::text[], '{}'::jsonb,
            jsonb_build_object('table', jsonb_build_object('columns', jsonb_build_array(jsonb_build_object('name', 'column_' || g)))),
            'live', now()
          FROM generate_series(1, 10000) AS g`);
        await h.prisma.$executeRawUnsafe(`ANALYZE "data_products"`);
        // Speed is measured by the benchmark (npm run bench), not asserted here.
        const result = await search({ q: "column_4242" });
        expect(refs(result)).toEqual(["bulk/product-4242"]);
        expect(result.facets.domain).toEqual([{ value: "bulk", count: 1 }]);
        // At this size the planner may prefer a sequential scan for prefix terms (both are fast);
        // with sequential scans off it must be able to answer from the GIN index.
        const plan = await h.prisma.$transaction(async (tx) => {
          await tx.$executeRawUnsafe("SET LOCAL enable_seqscan = off");
          return tx.$queryRawUnsafe<{ "QUERY PLAN": string }[]>(
            `EXPLAIN SELECT "id" FROM "data_products" WHERE "search" @@ to_tsquery('simple', 'column:* & 4242:*')`,
          );
        });
        expect(plan.map((row) => row["QUERY PLAN"]).join("\n")).toMatch(
          /Bitmap Index Scan on "?data_products_search_idx"?/,
        );
        const counted = await search({ domain: "bulk", tier: "gold" });
        expect(counted.pagination.total).toBe(3333);
      });
    });

    // After search: its live entry would change the search counts above.
    describe("one environment per product", () => {
      const NAME = "env-sensors";
      const params = { domain: "iot", name: NAME };
      const spec = variant("sensor-readings.yaml", (s) => {
        s.name = NAME;
      });
      const [dev, prod] = [registrationOf(spec, "dev"), registrationOf(spec, "prod")];
      const put = (body: unknown) =>
        h.call(registration.PUT, "PUT", "/", { as: platform, params, body });
      const destroy = (stack: string) =>
        h.call(registration.DELETE, "DELETE", "/", { as: platform, params, query: { stack } });
      const row = () =>
        h.prisma.dataProduct.findUniqueOrThrow({
          where: { domain_name: { domain: "iot", name: NAME } },
        });
      const events = async () =>
        (
          await h.prisma.auditLog.findMany({
            where: { entityType: "product", entityId: `iot/${NAME}` },
            orderBy: [{ at: "asc" }, { id: "asc" }],
          })
        ).map((entry) => entry.action);

      it("refuses another stack's PUT while live (409), keeping the live entry", async () => {
        expect((await put(dev)).status).toBe(201);
        const before = await row();
        const refused = await put({
          ...prod,
          outputs: { ...prod.outputs, storageUri: "file:///prod/warehouse" },
        });
        expect(refused.status).toBe(409);
        const problem = await json<{ title: string; detail: string }>(refused);
        expect(problem.title).toBe("Conflict");
        expect(problem.detail).toBe(
          `iot/${NAME} is live from stack iot.${NAME}.dev (environment dev); stack ` +
            `iot.${NAME}.prod (environment prod) cannot register it too: a product lives in one ` +
            `environment at a time. Decommission it (destroy iot.${NAME}.dev) first, or deploy ` +
            `this stack's product under another name.`,
        );
        const after = await row();
        expect(after).toMatchObject({
          status: "live",
          environment: "dev",
          stackName: `iot.${NAME}.dev`,
          outputs: before.outputs,
        });
        expect(await events()).toEqual(["product.registered"]);
      });

      it("answers another stack's DELETE with 204 and leaves the product live", async () => {
        const response = await destroy(`iot.${NAME}.prod`);
        expect(response.status).toBe(204);
        expect(await row()).toMatchObject({ status: "live", stackName: `iot.${NAME}.dev` });
        const skipped = await h.prisma.auditLog.findFirstOrThrow({
          where: { entityId: `iot/${NAME}`, action: "product.decommission_skipped" },
        });
        expect(skipped.after).toEqual({
          stack: `iot.${NAME}.prod`,
          reason: `registered by stack iot.${NAME}.dev, not iot.${NAME}.prod`,
        });
        // The product page's registration history lists what changed the entry only.
        const detail = await json<ProductDetail>(
          await h.call(product.GET, "GET", "/", { as: "member", params }),
        );
        expect(detail.registrations.map((r) => [r.event, r.stack])).toEqual([
          ["registered", `iot.${NAME}.dev`],
        ]);
      });

      it("decommissions on the registering stack's DELETE; then another stack may take it", async () => {
        expect((await destroy(`iot.${NAME}.dev`)).status).toBe(204);
        expect(await row()).toMatchObject({ status: "decommissioned" });
        const moved = await put(prod);
        expect(moved.status).toBe(200);
        expect(await row()).toMatchObject({
          status: "live",
          environment: "prod",
          stackName: `iot.${NAME}.prod`,
        });
        // The old stack can neither retire nor overwrite the entry now.
        expect((await destroy(`iot.${NAME}.dev`)).status).toBe(204);
        expect((await put(dev)).status).toBe(409);
        expect(await row()).toMatchObject({ status: "live", stackName: `iot.${NAME}.prod` });
        expect(await events()).toEqual([
          "product.registered",
          "product.decommission_skipped",
          "product.decommissioned",
          "product.updated",
          "product.decommission_skipped",
        ]);
      });
    });
  });
});
