/** Audit entries are written with every mutation, in its transaction, and vanish with it. */
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import * as requests from "#portal/app/api/v1/requests/route";
import * as submit from "#portal/app/api/v1/requests/[id]/submit/route";
import { StaleResource, ok, withApi } from "#portal/server/api";
import { AUDIT_PAGE_SIZE, listAudit } from "#portal/server/audit-log";
import { exampleInput } from "../../support/specs";
import { forEachDatabase } from "./databases";
import { json, type Harness } from "./harness";

vi.mock("server-only", () => ({}));

forEachDatabase((target, open) => {
  describe(`audit log (${target})`, () => {
    let h: Harness & { close: () => Promise<void> };
    beforeAll(async () => {
      h = await open();
    });
    afterAll(async () => {
      await h.close();
    });

    it("records who did what, with the state before and after", async () => {
      const created = await h.call(requests.POST, "POST", "/api/v1/requests", {
        as: "member",
        body: { kind: "create", spec: { ...exampleInput("fraud-scores.yaml"), name: "audited" } },
      });
      const { id } = await json<{ id: string }>(created);
      await h.call(submit.POST, "POST", "/", { as: "member", params: { id } });
      const entries = await h.prisma.auditLog.findMany({
        where: { entityId: id },
        orderBy: { at: "asc" },
      });
      expect(entries.map((e) => [e.action, e.actorId, e.actorLabel])).toEqual([
        ["request.created", h.userIds.member, "max@meshplane.test"],
        ["request.submit", h.userIds.member, "max@meshplane.test"],
      ]);
      expect(entries[1]?.before).toEqual({ status: "draft" });
      expect(entries[1]?.after).toEqual({
        status: "submitted",
        reason: null,
        // The submit gate's verdict on a new product: the version it proposed, nothing live.
        version: "1.0.0",
        versionProposed: true,
        liveVersion: null,
        changes: 0,
        severity: null,
      });
    });

    it("writes nothing when the mutation is refused", async () => {
      const before = await h.prisma.auditLog.count();
      const refused = await h.call(requests.POST, "POST", "/api/v1/requests", {
        as: "outsider",
        body: { kind: "create", spec: { ...exampleInput("fraud-scores.yaml"), name: "refused" } },
      });
      expect(refused.status).toBe(403);
      expect(await h.prisma.auditLog.count()).toBe(before);
    });

    it("rolls back the change and its audit entry together when the handler fails", async () => {
      const failing = withApi({ auth: "user" }, async ({ db, audit }) => {
        const domain = await db.domain.update({
          where: { slug: "payments" },
          data: { description: "half-applied" },
        });
        await audit({
          action: "domain.updated",
          entityType: "domain",
          entityId: domain.slug,
          after: domain,
        });
        throw new Error("database connection lost with secret=hunter2");
      });
      const before = await h.prisma.auditLog.count();
      const logged = vi.spyOn(console, "error").mockImplementation(() => undefined);
      const response = await h.call(failing, "POST", "/api/v1/anything", { as: "owner", body: {} });
      const log = logged.mock.calls.map((args) => args.join(" ")).join("\n");
      logged.mockRestore();
      expect(response.status).toBe(500);
      const problem = await response.text();
      expect(problem).not.toContain("hunter2");
      expect(log).toContain("[api] POST /api/v1/anything failed: Error: database connection lost");
      expect(log).toContain("secret=[secret]");
      expect(log).not.toContain("hunter2");
      expect(JSON.parse(problem)).toMatchObject({ status: 500, title: "Internal server error" });
      expect(await h.prisma.auditLog.count()).toBe(before);
      const domain = await h.prisma.domain.findUniqueOrThrow({ where: { slug: "payments" } });
      expect(domain.description).not.toBe("half-applied");
    });

    it("refuses (and rolls back) a mutation that forgot its audit entry", async () => {
      const unaudited = withApi({ auth: "user" }, async ({ db }) => {
        await db.domain.update({ where: { slug: "payments" }, data: { description: "unaudited" } });
        return ok({});
      });
      const response = await h.call(unaudited, "POST", "/api/v1/anything", {
        as: "owner",
        body: {},
      });
      expect(response.status).toBe(500);
      const domain = await h.prisma.domain.findUniqueOrThrow({ where: { slug: "payments" } });
      expect(domain.description).not.toBe("unaudited");
    });

    it("reads the log a page at a time, newest first, optionally for some entities only", async () => {
      const ids: string[] = [];
      for (const name of ["paged-a", "paged-b", "paged-c"]) {
        const created = await h.call(requests.POST, "POST", "/api/v1/requests", {
          as: "member",
          body: { kind: "create", spec: { ...exampleInput("fraud-scores.yaml"), name } },
        });
        ids.push((await json<{ id: string }>(created)).id);
      }
      const everything = await listAudit(h.prisma, { page: 1 });
      expect(everything.pagination).toEqual({
        page: 1,
        pageSize: AUDIT_PAGE_SIZE,
        total: await h.prisma.auditLog.count(),
      });
      const first = await listAudit(h.prisma, { page: 1, pageSize: 2, entityIds: ids });
      const second = await listAudit(h.prisma, { page: 2, pageSize: 2, entityIds: ids });
      expect(first.pagination).toEqual({ page: 1, pageSize: 2, total: 3 });
      expect(first.items).toHaveLength(2);
      expect(second.items).toHaveLength(1);
      const entries = [...first.items, ...second.items];
      expect(entries.map((entry) => entry.entityId).sort()).toEqual([...ids].sort());
      expect(entries.every((entry) => entry.action === "request.created")).toBe(true);
      const times = entries.map((entry) => entry.at);
      expect(times).toEqual([...times].sort().reverse());
      expect((await listAudit(h.prisma, { page: 3, pageSize: 2, entityIds: ids })).items).toEqual(
        [],
      );
    });

    it("on demand: refuses a handler that audited nothing or audited outside its statement", async () => {
      const silent = withApi({ auth: "user", transaction: "on-demand" }, () =>
        Promise.resolve(ok({})),
      );
      const loose = withApi({ auth: "user", transaction: "on-demand" }, async ({ audit }) => {
        await audit({ action: "domain.updated", entityType: "domain", entityId: "payments" });
        return ok({});
      });
      const before = await h.prisma.auditLog.count();
      for (const route of [silent, loose]) {
        const response = await h.call(route, "POST", "/api/v1/anything", { as: "owner", body: {} });
        expect(response.status).toBe(500);
      }
      expect(await h.prisma.auditLog.count()).toBe(before);
    });

    it("on demand: a transaction the handler opens commits its change with its audit entry", async () => {
      const route = withApi({ auth: "user", transaction: "on-demand" }, async ({ transaction }) => {
        await transaction(async (tx, audit) => {
          await tx.domain.update({
            where: { slug: "payments" },
            data: { description: "on demand" },
          });
          await audit({ action: "domain.updated", entityType: "domain", entityId: "payments" });
        });
        return ok({});
      });
      const response = await h.call(route, "POST", "/api/v1/anything", { as: "owner", body: {} });
      expect(response.status).toBe(200);
      const entries = await h.prisma.auditLog.findMany({
        where: { action: "domain.updated", entityId: "payments" },
      });
      expect(entries.length).toBeGreaterThan(0);
      const domain = await h.prisma.domain.findUniqueOrThrow({ where: { slug: "payments" } });
      expect(domain.description).toBe("on demand");
    });

    /** A route whose resource is a domain slug: `cached` answers `stale`, `load` the fresh one. */
    const cachedRoute = (stale: string, staleProves: boolean) => {
      const seen: { slug: string; cached: boolean }[] = [];
      const route = withApi(
        {
          auth: "user",
          transaction: "on-demand",
          cached: () => ({ slug: stale }),
          load: () => Promise.resolve({ slug: "payments" }),
          authorize: (principal, { resource }) => principal.domainRoles.has(resource.slug),
        },
        async ({ resource, cached, transaction }) => {
          seen.push({ slug: resource.slug, cached });
          if (cached && staleProves) throw new StaleResource();
          await transaction((_tx, audit) =>
            audit({ action: "domain.updated", entityType: "domain", entityId: resource.slug }),
          );
          return ok({ slug: resource.slug });
        },
      );
      return { route, seen };
    };

    it("cached: a refusal of the cached resource is decided again on the loaded one", async () => {
      // The cache says "customer" (not the owner's domain); the database says "payments".
      const { route, seen } = cachedRoute("customer", false);
      const response = await h.call(route, "POST", "/api/v1/anything", { as: "owner", body: {} });
      expect(response.status).toBe(200);
      expect(seen).toEqual([{ slug: "payments", cached: false }]);
    });

    it("cached: a handler that finds its cached resource stale runs once more on a loaded one", async () => {
      const { route, seen } = cachedRoute("payments", true);
      const response = await h.call(route, "POST", "/api/v1/anything", { as: "owner", body: {} });
      expect(response.status).toBe(200);
      expect(seen).toEqual([
        { slug: "payments", cached: true },
        { slug: "payments", cached: false },
      ]);
    });

    it("cached: needs load and an on-demand transaction", () => {
      const cached = () => ({ slug: "payments" });
      expect(() => withApi({ auth: "user", cached }, () => Promise.resolve(ok({})))).toThrow(
        "a cached resource needs load",
      );
      expect(() =>
        withApi({ auth: "user", cached, load: () => Promise.resolve({ slug: "payments" }) }, () =>
          Promise.resolve(ok({})),
        ),
      ).toThrow("a cached resource needs load");
    });

    it("allows no audited mutation without a transaction", () => {
      expect(() =>
        withApi({ auth: "user", transaction: false }, () => Promise.resolve(ok({}))),
      ).toThrow("a mutation without a transaction cannot write an audit entry atomically");
    });
  });
});
