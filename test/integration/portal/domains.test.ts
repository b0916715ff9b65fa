import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import * as domains from "../../../portal/app/api/v1/domains/route";
import * as domain from "../../../portal/app/api/v1/domains/[slug]/route";
import * as members from "../../../portal/app/api/v1/domains/[slug]/members/route";
import * as member from "../../../portal/app/api/v1/domains/[slug]/members/[userId]/route";
import type { DomainDetail, DomainSummary } from "../../../portal/shared/api-schemas";
import { forEachDatabase } from "./databases";
import { json, type Harness } from "./harness";

vi.mock("server-only", () => ({}));

forEachDatabase((target, open) => {
  describe(`domains (${target})`, () => {
    let h: Harness & { close: () => Promise<void> };
    beforeAll(async () => {
      h = await open();
    });
    afterAll(async () => {
      await h.close();
    });

    const add = (email: string, role: "member" | "owner", as: "owner" | "member" = "owner") =>
      h.call(members.POST, "POST", "/", {
        as,
        params: { slug: "payments" },
        body: { email, role },
      });

    it("lists domains with member counts and their owners", async () => {
      const { items } = await json<{ items: DomainSummary[] }>(
        await h.call(domains.GET, "GET", "/", { as: "outsider" }),
      );
      expect(items.map((d) => [d.slug, d.memberCount, d.owners.map((o) => o.name)])).toEqual([
        ["customer", 1, ["Cora Customer"]],
        ["iot", 0, []],
        ["payments", 2, ["Olga Owner"]],
        ["reference", 0, []],
        ["sandbox", 0, []],
      ]);
      const detail = await json<DomainDetail>(
        await h.call(domain.GET, "GET", "/", { as: "outsider", params: { slug: "payments" } }),
      );
      expect(detail.owners).toEqual([
        { id: h.userIds.owner, name: "Olga Owner", email: "olga@meshplane.test" },
      ]);
    });

    it("lets owners add members, change roles and remove them", async () => {
      const added = await json<DomainDetail>(await add("oscar@meshplane.test", "member"));
      expect(added.members.map((m) => [m.user.email, m.role])).toContainEqual([
        "oscar@meshplane.test",
        "member",
      ]);
      const promoted = await json<DomainDetail>(await add("oscar@meshplane.test", "owner"));
      expect(promoted.members.find((m) => m.user.email === "oscar@meshplane.test")?.role).toBe(
        "owner",
      );
      const removed = await h.call(member.DELETE, "DELETE", "/", {
        as: "owner",
        params: { slug: "payments", userId: h.userIds.outsider },
      });
      expect(removed.status).toBe(200);
      const detail = await json<DomainDetail>(
        await h.call(domain.GET, "GET", "/", { as: "member", params: { slug: "payments" } }),
      );
      expect(detail.members.map((m) => m.user.email)).not.toContain("oscar@meshplane.test");
      expect(detail.canManageMembers).toBe(false);
    });

    it("keeps at least one owner", async () => {
      const response = await h.call(member.DELETE, "DELETE", "/", {
        as: "owner",
        params: { slug: "payments", userId: h.userIds.owner },
      });
      expect(response.status).toBe(409);
      expect((await add("olga@meshplane.test", "member")).status).toBe(409);
    });

    it("answers 404 for unknown users and domains, 422 for bad emails", async () => {
      expect((await add("nobody@meshplane.test", "member")).status).toBe(404);
      expect((await add("not-an-email", "member")).status).toBe(422);
      const unknown = await h.call(domain.GET, "GET", "/", {
        as: "member",
        params: { slug: "nowhere" },
      });
      expect(unknown.status).toBe(404);
    });
  });
});
