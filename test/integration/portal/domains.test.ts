import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import * as domains from "#portal/app/api/v1/domains/route";
import * as domain from "#portal/app/api/v1/domains/[slug]/route";
import * as members from "#portal/app/api/v1/domains/[slug]/members/route";
import * as member from "#portal/app/api/v1/domains/[slug]/members/[userId]/route";
import * as requests from "#portal/app/api/v1/requests/route";
import * as submit from "#portal/app/api/v1/requests/[id]/submit/route";
import type { DomainDetail, DomainSummary } from "#portal/shared/api-schemas";
import { openDomains } from "#portal/server/domains";
import { exampleInput } from "../../support/specs";
import { forEachDatabase } from "./databases";
import { json, registrationOf, type Harness } from "./harness";

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

    it("lets platform admins create, rename, archive and restore domains", async () => {
      const create = (as: "admin" | "owner", body: unknown) =>
        h.call(domains.POST, "POST", "/api/v1/domains", { as, body });
      const body = {
        slug: "logistics",
        name: "Logistics",
        description: "Shipments and routes.",
        owner: "oscar@meshplane.test",
      };
      expect((await create("owner", body)).status).toBe(403);
      const created = await create("admin", body);
      expect(created.status).toBe(201);
      expect(created.headers.get("location")).toBe("/api/v1/domains/logistics");
      const detail = await json<DomainDetail>(created);
      expect([
        detail.name,
        detail.archived,
        detail.members.map((m) => [m.user.email, m.role]),
      ]).toEqual(["Logistics", false, [["oscar@meshplane.test", "owner"]]]);
      expect((await create("admin", body)).status).toBe(409);
      const unknown = await create("admin", { ...body, slug: "nobody", owner: "who@x.test" });
      expect(unknown.status).toBe(422);
      expect(await json(unknown)).toMatchObject({ errors: [{ path: "owner" }] });
      const bad = await create("admin", { ...body, slug: "Not A Slug" });
      expect(bad.status).toBe(422);
      expect(await json(bad)).toMatchObject({ errors: [{ path: "slug" }] });

      const patch = (payload: unknown, as: "admin" | "owner" = "admin", slug = "logistics") =>
        h.call(domain.PATCH, "PATCH", "/", { as, params: { slug }, body: payload });
      expect((await patch({ name: "Logistics & routes" }, "owner")).status).toBe(403);
      expect((await patch({})).status).toBe(422);
      expect((await patch({ slug: "other" })).status).toBe(422);
      const renamed = await json<DomainDetail>(await patch({ name: "Logistics & routes" }));
      expect([renamed.slug, renamed.name]).toEqual(["logistics", "Logistics & routes"]);
      const archived = await json<DomainDetail>(await patch({ archived: true }));
      expect(archived.archived).toBe(true);
      const audit = await h.prisma.auditLog.findMany({
        where: { entityType: "domain", entityId: "logistics" },
        orderBy: { id: "asc" },
        select: { action: true },
      });
      expect(audit.map((entry) => entry.action)).toEqual([
        "domain.created",
        "domain.updated",
        "domain.updated",
      ]);
      expect((await json<DomainDetail>(await patch({ archived: false }))).archived).toBe(false);
    });

    it("archives a domain only without products in service or open requests", async () => {
      await h.register(registrationOf(exampleInput("fraud-scores.yaml")));
      const refused = await h.call(domain.PATCH, "PATCH", "/", {
        as: "admin",
        params: { slug: "payments" },
        body: { archived: true },
      });
      expect(refused.status).toBe(409);
      expect((await json(refused)).detail).toMatch(/1 product\(s\) in service/);
      // An archived domain takes no new requests (Max, its owner, cannot file one there).
      await h.call(domains.POST, "POST", "/api/v1/domains", {
        as: "admin",
        body: { slug: "closing", name: "Closing", owner: "max@meshplane.test" },
      });
      await h.call(domain.PATCH, "PATCH", "/", {
        as: "admin",
        params: { slug: "closing" },
        body: { archived: true },
      });
      const filed = await h.call(requests.POST, "POST", "/api/v1/requests", {
        as: "member",
        body: { kind: "create", spec: { domain: "closing", name: "late-product" } },
      });
      expect(filed.status).toBe(409);
      // …and the request form offers it no more.
      expect(await openDomains(h.prisma, ["payments", "closing"])).toEqual(["payments"]);
      expect((await json(filed)).detail).toBe(
        "domain closing is archived: it takes no new requests",
      );
    });

    it("refuses owners who are neither members nor registered team mailboxes", async () => {
      const spec = {
        ...exampleInput("fraud-scores.yaml"),
        name: "owned-elsewhere",
        owners: {
          team: "payments-data",
          emails: ["olga@meshplane.test", "cora@meshplane.test", "Team@X.test"],
        },
      };
      const created = await h.call(requests.POST, "POST", "/api/v1/requests", {
        as: "member",
        body: { kind: "create", spec },
      });
      const { id } = await json<{ id: string }>(created);
      const submit1 = await h.call(submit.POST, "POST", "/", { as: "member", params: { id } });
      expect(submit1.status).toBe(422);
      const reason = (email: string) =>
        `${email} is neither a member of domain payments nor one of its team mailboxes; add ` +
        "them to the domain, or have a platform admin register the mailbox";
      // Another domain's person and an unknown address alike; members pass.
      expect(await json(submit1)).toMatchObject({
        errors: [
          { path: "spec.owners.emails[1]", message: reason("cora@meshplane.test") },
          { path: "spec.owners.emails[2]", message: reason("Team@X.test") },
        ],
      });
      // Only platform admins register mailboxes; the list is validated field by field.
      const patch = (as: "admin" | "owner", mailboxes: unknown) =>
        h.call(domain.PATCH, "PATCH", "/", {
          as,
          params: { slug: "payments" },
          body: { mailboxes },
        });
      expect((await patch("owner", ["team@x.test"])).status).toBe(403);
      const invalid = await patch("admin", ["team@x.test", "not-an-address"]);
      expect(invalid.status).toBe(422);
      expect(await json(invalid)).toMatchObject({ errors: [{ path: "mailboxes[1]" }] });
      const before = await json<DomainDetail>(
        await h.call(domain.GET, "GET", "/", { as: "member", params: { slug: "payments" } }),
      );
      const registered = await patch("admin", [...before.mailboxes, "TEAM@x.test"]);
      expect(registered.status).toBe(200);
      expect((await json<DomainDetail>(registered)).mailboxes).toContain("team@x.test");
      // The registered mailbox (any case) passes; cora still does not.
      const submit2 = await h.call(submit.POST, "POST", "/", { as: "member", params: { id } });
      expect(submit2.status).toBe(422);
      expect(await json(submit2)).toMatchObject({
        errors: [{ path: "spec.owners.emails[1]", message: reason("cora@meshplane.test") }],
      });
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
