/**
 * The catalog's "I have access" filter (issue #18, portal/server/catalog-access.ts) through the
 * real search API and database: for customer's member it keeps the products whose classification
 * needs no grant and the one granted to customer, not the confidential one without a grant nor
 * the restricted ones whose grant expired or was revoked; for payments' owner every payments
 * product; for someone of no domain only what needs no grant. Its facet count is disjunctive like
 * the others'. And it answers as the Iceberg REST catalog does: customer's key loads exactly the
 * tables the filter lists.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import * as catalog from "#portal/app/api/v1/catalog/route";
import * as table from "#portal/app/api/iceberg/v1/[prefix]/namespaces/[namespace]/tables/[table]/route";
import { deployLocalProduct } from "../../support/iceberg-catalog";
import { forEachDatabase } from "./databases";
import { json, type Harness, type Person, issueApiKey } from "./harness";

vi.mock("server-only", () => ({}));

const DAY = 86_400_000;
const PRODUCTS = {
  "ca-public": "public",
  "ca-internal": "internal",
  "ca-confidential": "confidential",
  "ca-granted": "confidential",
  "ca-expired": "restricted",
  "ca-revoked": "restricted",
} as const;
type Name = keyof typeof PRODUCTS;

interface Result {
  items: { domain: string; name: string }[];
  pagination: { total: number };
  facets: { access: { value: string; count: number }[]; classification: { value: string }[] };
}

forEachDatabase((target, open) => {
  describe(`the catalog's "I have access" filter (${target})`, () => {
    let h: Harness & { close: () => Promise<void> };
    let customerKey = "";
    beforeAll(async () => {
      h = await open();
      for (const [name, classification] of Object.entries(PRODUCTS))
        await deployLocalProduct(h, "payments", name, { classification });
      const grant = async (name: Name, status: "approved" | "revoked", endsInDays: number) => {
        const product = await h.prisma.dataProduct.findUniqueOrThrow({
          where: { domain_name: { domain: "payments", name } },
        });
        const approvals = [
          { by: h.userIds.owner, role: "owner", at: new Date().toISOString(), reason: "ok" },
          ...(product.classification === "restricted"
            ? [
                {
                  by: h.userIds.admin,
                  role: "platform-admin",
                  at: new Date().toISOString(),
                  reason: "ok",
                },
              ]
            : []),
        ];
        await h.prisma.accessGrant.create({
          data: {
            id: `g${name.replaceAll("-", "")}`,
            productId: product.id,
            consumer: "customer",
            requestedBy: h.userIds.otherMember,
            classification: product.classification,
            principal: { kind: "domain" },
            purpose: "churn features for the customer model",
            endsAt: new Date(Date.now() + endsInDays * DAY),
            status,
            approvals,
            decidedAt: new Date(),
          },
        });
      };
      await grant("ca-granted", "approved", 30);
      await grant("ca-expired", "approved", -1);
      await grant("ca-revoked", "revoked", 30);
      customerKey = (await issueApiKey(h, "otherMember", "customer", "catalog-access")).key;
    });
    afterAll(async () => {
      await h.close();
    });

    const search = async (as: Person, query: Record<string, string>) => {
      const answered = await h.call(catalog.GET, "GET", "/api/v1/catalog", {
        as,
        query: { q: "ca", pageSize: "100", ...query },
      });
      expect(answered.status, await answered.clone().text()).toBe(200);
      return json<Result>(answered);
    };
    const names = (result: Result) =>
      result.items
        .filter((item) => item.domain === "payments" && item.name.startsWith("ca-"))
        .map((item) => item.name)
        .sort();

    it("keeps for customer what needs no grant and what is granted to it, counted", async () => {
      const all = await search("otherMember", {});
      expect(names(all)).toHaveLength(6);
      const mine = await search("otherMember", { access: "mine" });
      expect(names(mine)).toEqual(["ca-granted", "ca-internal", "ca-public"]);
      // The facet counts with every other filter: the same whether it is picked or not.
      expect(all.facets.access).toEqual([{ value: "mine", count: mine.pagination.total }]);
      expect(mine.facets.access).toEqual(all.facets.access);
      // And the other facets count within it.
      expect(mine.facets.classification.map((facet) => facet.value).sort()).toEqual([
        "confidential",
        "internal",
        "public",
      ]);
      const confidential = await search("otherMember", {
        access: "mine",
        classification: "confidential",
      });
      expect(names(confidential)).toEqual(["ca-granted"]);
    });

    it("keeps every own product for the producer's owner, and no granted one for nobody", async () => {
      expect(names(await search("owner", { access: "mine" }))).toEqual(
        Object.keys(PRODUCTS).sort(),
      );
      expect(names(await search("outsider", { access: "mine" }))).toEqual([
        "ca-internal",
        "ca-public",
      ]);
    });

    it("answers as the Iceberg REST catalog does for customer's key", async () => {
      const listed = new Set(names(await search("otherMember", { access: "mine" })));
      for (const name of Object.keys(PRODUCTS)) {
        const loaded = await h.call(table.GET, "GET", "/", {
          as: { bearer: customerKey },
          params: { prefix: "meshplane", namespace: "payments", table: name },
        });
        expect([name, loaded.status]).toEqual([name, listed.has(name) ? 200 : 403]);
      }
    });

    it("names a bad access value (422)", async () => {
      const answered = await h.call(catalog.GET, "GET", "/api/v1/catalog", {
        as: "otherMember",
        query: { access: "theirs" },
      });
      expect(answered.status).toBe(422);
      const problem = await json<{ errors?: { path: string }[] }>(answered);
      expect(problem.errors?.map((error) => error.path)).toContain("query.access");
    });
  });
});
