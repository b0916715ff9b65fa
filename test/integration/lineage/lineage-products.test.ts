/**
 * The lineage page's product search (GET /api/v1/lineage/products) through its route handler, on
 * every database target: what a query matches, the limit, and what is never offered. Who may see
 * a never-published product is the authorization table's (portal/authorization.test.ts).
 */
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import * as products from "#portal/app/api/v1/lineage/products/route";
import type { LineageProductList } from "#portal/shared/lineage/api-schemas";
import { exampleInput } from "../../support/specs";
import { forEachDatabase } from "../portal/databases";
import { json, registrationOf, type Harness } from "../portal/harness";

vi.mock("server-only", () => ({}));

forEachDatabase((target, open) => {
  describe(`lineage product search (${target})`, () => {
    let h: Harness & { close: () => Promise<void> };
    const search = async (query: Record<string, string>) => {
      const response = await h.call(products.GET, "GET", "/api/v1/lineage/products", {
        as: "member",
        query,
      });
      return { status: response.status, body: await json<LineageProductList>(response) };
    };

    beforeAll(async () => {
      h = await open();
      for (const file of [
        "card-transactions.yaml",
        "fraud-scores.yaml",
        "country-codes.yaml",
        "customer-360.yaml",
        "customer-events.yaml",
      ])
        await h.register(registrationOf(exampleInput(file)));
      await h.prisma.dataProduct.update({
        where: { domain_name: { domain: "customer", name: "customer-events" } },
        data: { status: "decommissioned" },
      });
    });
    afterAll(async () => {
      await h.close();
    });

    it("offers the products in service by domain and name, decommissioned ones never", async () => {
      expect(await search({})).toEqual({
        status: 200,
        body: {
          items: [
            "customer/customer-360",
            "payments/card-transactions",
            "payments/fraud-scores",
            "reference/country-codes",
          ],
        },
      });
      expect((await search({ q: "customer-events" })).body.items).toEqual([]);
    });

    it("matches text in the domain or the name, in any case", async () => {
      expect((await search({ q: "  CARD " })).body.items).toEqual(["payments/card-transactions"]);
      expect((await search({ q: "ref" })).body.items).toEqual(["reference/country-codes"]);
      expect((await search({ q: "-36" })).body.items).toEqual(["customer/customer-360"]);
      // LIKE's wildcards are text like any other.
      expect((await search({ q: "%" })).body.items).toEqual([]);
      expect((await search({ q: "c_rd" })).body.items).toEqual([]);
      expect((await search({ q: "\\" })).body.items).toEqual([]);
    });

    it("reads domain/name-prefix as the end of a domain and the start of a name", async () => {
      expect((await search({ q: "payments/" })).body.items).toEqual([
        "payments/card-transactions",
        "payments/fraud-scores",
      ]);
      expect((await search({ q: "ments/fr" })).body.items).toEqual(["payments/fraud-scores"]);
      expect((await search({ q: "payments/scores" })).body.items).toEqual([]);
    });

    it("answers at most `limit` and refuses a bad one with 422 naming the field", async () => {
      expect((await search({ limit: "2" })).body.items).toEqual([
        "customer/customer-360",
        "payments/card-transactions",
      ]);
      for (const limit of ["0", "51", "x"]) {
        const response = await h.call(products.GET, "GET", "/api/v1/lineage/products", {
          as: "member",
          query: { limit },
        });
        expect(response.status).toBe(422);
        expect(JSON.stringify(await json(response))).toContain("query.limit");
      }
    });
  });
});
