/**
 * GET /api/v1/domains/{slug}/access (issue #18, docs/access.md) through the real handler and
 * database: what customer consumes and who consumes payments' products, `open` against `all`,
 * each row scoped as on the product's list (a payments member who is no owner sees none of
 * customer's requests), 403 for outsiders, 404 for an unknown domain, 422 naming `state`.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import * as domainAccess from "#portal/app/api/v1/domains/[slug]/access/route";
import * as accessRequests from "#portal/app/api/v1/products/[domain]/[name]/access-requests/route";
import * as approve from "#portal/app/api/v1/access-requests/[id]/approve/route";
import * as deny from "#portal/app/api/v1/access-requests/[id]/deny/route";
import { deployLocalProduct } from "../../support/iceberg-catalog";
import { forEachDatabase } from "./databases";
import { json, type Harness, type Person } from "./harness";

vi.mock("server-only", () => ({}));

const INTERNAL = { domain: "payments", name: "domain-access-internal" };
const CONFIDENTIAL = { domain: "payments", name: "domain-access-confidential" };
const RESTRICTED = { domain: "payments", name: "domain-access-restricted" };
const DAY = 86_400_000;
const inDays = (days: number) => new Date(Date.now() + days * DAY).toISOString();

interface Item {
  id: string;
  product: string;
  consumer: string;
  status: string;
}
interface Overview {
  domain: string;
  consumes: Item[];
  consumedBy: Item[];
}

forEachDatabase((target, open) => {
  describe(`a domain's access overview (${target})`, () => {
    let h: Harness & { close: () => Promise<void> };
    const ids: Record<"approved" | "denied" | "expired" | "requested", string> = {
      approved: "",
      denied: "",
      expired: "",
      requested: "",
    };
    beforeAll(async () => {
      h = await open();
      for (const [product, classification] of [
        [INTERNAL, "internal"],
        [CONFIDENTIAL, "confidential"],
        [RESTRICTED, "restricted"],
      ] as const)
        await deployLocalProduct(h, product.domain, product.name, { classification });
      const ask = async (product: { domain: string; name: string }, endsAt?: string) => {
        const asked = await h.call(accessRequests.POST, "POST", "/", {
          as: "otherMember",
          params: product,
          body: {
            consumer: "customer",
            principal: { kind: "domain" },
            purpose: "churn features for the customer model",
            ...(endsAt === undefined ? {} : { endsAt }),
          },
        });
        expect(asked.status).toBe(201);
        return (await json<Item>(asked)).id;
      };
      const decide = async (
        route: typeof approve | typeof deny,
        id: string,
        as: Person = "owner",
      ) => {
        const decided = await h.call(route.POST, "POST", "/", {
          as,
          params: { id },
          body: { reason: "as discussed" },
        });
        expect(decided.status).toBe(200);
      };
      ids.approved = await ask(INTERNAL);
      await decide(approve, ids.approved);
      ids.denied = await ask(CONFIDENTIAL, inDays(30));
      await decide(deny, ids.denied);
      ids.expired = await ask(CONFIDENTIAL, inDays(30));
      await decide(approve, ids.expired);
      await h.prisma.accessGrant.update({
        where: { id: ids.expired },
        data: { endsAt: new Date(Date.now() - 1000) },
      });
      ids.requested = await ask(RESTRICTED, inDays(30));
    });
    afterAll(async () => {
      await h.close();
    });

    const overview = (slug: string, as: Person, query = "") =>
      h.call(domainAccess.GET, "GET", `/api/v1/domains/${slug}/access${query}`, {
        as,
        params: { slug },
      });
    const idsOf = (items: Item[]) => items.map((item) => item.id).sort();

    it("lists what customer consumes: open by default, all on request", async () => {
      const answered = await overview("customer", "otherMember");
      expect(answered.status).toBe(200);
      const open = await json<Overview>(answered);
      expect(open.domain).toBe("customer");
      expect(idsOf(open.consumes)).toEqual([ids.approved, ids.requested].sort());
      expect(open.consumedBy).toEqual([]);
      const all = await json<Overview>(await overview("customer", "otherMember", "?state=all"));
      expect(idsOf(all.consumes)).toEqual(Object.values(ids).sort());
      expect(all.consumes.find((item) => item.id === ids.expired)?.status).toBe("expired");
      expect(all.consumes.find((item) => item.id === ids.denied)?.status).toBe("denied");
      expect(all.consumes[0]?.product).toBe(`${RESTRICTED.domain}/${RESTRICTED.name}`);
    });

    it("lists who consumes payments' products to its owner and admins, scoped for members", async () => {
      for (const as of ["owner", "admin"] as const) {
        const seen = await json<Overview>(await overview("payments", as));
        expect(idsOf(seen.consumedBy)).toEqual([ids.approved, ids.requested].sort());
        expect(seen.consumes).toEqual([]);
        expect(seen.consumedBy.every((item) => item.consumer === "customer")).toBe(true);
      }
      // A payments member who is no owner sees customer's requests nowhere else either.
      const member = await json<Overview>(await overview("payments", "member", "?state=all"));
      expect(member.consumedBy).toEqual([]);
    });

    it("refuses outsiders (403), unknown domains (404) and a bad state (422 naming it)", async () => {
      expect((await overview("payments", "outsider")).status).toBe(403);
      expect((await overview("payments", "otherMember")).status).toBe(403);
      expect((await overview("nowhere", "admin")).status).toBe(404);
      const bad = await overview("customer", "otherMember", "?state=closed");
      expect(bad.status).toBe(422);
      const problem = await json<{ errors?: { path: string }[] }>(bad);
      expect(problem.errors?.map((error) => error.path)).toContain("query.state");
    });
  });
});
