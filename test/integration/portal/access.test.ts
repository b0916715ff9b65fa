/**
 * The access flow of issue #18 through the real handlers and database: a member of customer asks
 * for a payments product, the decisions by classification, the Iceberg REST catalog answering
 * customer's key 403 before the grant, 200 with it, 403 after its end date and after revocation;
 * the `up` queued for a cloud product's grant; audit and inbox.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import * as table from "#portal/app/api/iceberg/v1/[prefix]/namespaces/[namespace]/tables/[table]/route";
import * as registration from "#portal/app/api/v1/catalog/products/[domain]/[name]/route";
import * as consumers from "#portal/app/api/v1/products/[domain]/[name]/consumers/route";
import * as accessRequests from "#portal/app/api/v1/products/[domain]/[name]/access-requests/route";
import * as approve from "#portal/app/api/v1/access-requests/[id]/approve/route";
import * as deny from "#portal/app/api/v1/access-requests/[id]/deny/route";
import * as revoke from "#portal/app/api/v1/access-requests/[id]/revoke/route";
import { exampleInput } from "../../support/specs";
import { deployLocalProduct } from "../../support/iceberg-catalog";
import { forEachDatabase } from "./databases";
import {
  PLATFORM_TOKEN,
  json,
  registrationOf,
  type Harness,
  type Person,
  issueApiKey,
} from "./harness";

vi.mock("server-only", () => ({}));

const RESTRICTED = { domain: "payments", name: "access-restricted" };
const INTERNAL = { domain: "payments", name: "access-internal" };
const PUBLIC = { domain: "payments", name: "access-public" };
const CLOUD = { domain: "payments", name: "fraud-scores" };
const DAY = 86_400_000;
const inDays = (days: number) => new Date(Date.now() + days * DAY).toISOString();

interface View {
  id: string;
  status: string;
  missing: string[];
  approvals: { role: string }[];
  deploymentId?: string;
}
interface Problem {
  status: number;
  errors?: { path: string; message: string }[];
}

forEachDatabase((target, open) => {
  describe(`access requests (${target})`, () => {
    let h: Harness & { close: () => Promise<void> };
    let customerKey = "";
    beforeAll(async () => {
      h = await open();
      await deployLocalProduct(h, RESTRICTED.domain, RESTRICTED.name, {
        classification: "restricted",
      });
      await deployLocalProduct(h, INTERNAL.domain, INTERNAL.name, { classification: "internal" });
      await deployLocalProduct(h, PUBLIC.domain, PUBLIC.name, { classification: "public" });
      await h.register(registrationOf(exampleInput("fraud-scores.yaml")));
      customerKey = (await issueApiKey(h, "otherMember", "customer", "access")).key;
    });
    afterAll(async () => {
      await h.close();
    });

    const load = (product = RESTRICTED) =>
      h.call(table.GET, "GET", "/", {
        as: { bearer: customerKey },
        params: { prefix: "meshplane", namespace: product.domain, table: product.name },
      });
    const ask = (product: { domain: string; name: string }, body: Record<string, unknown>) =>
      h.call(accessRequests.POST, "POST", "/", {
        as: "otherMember",
        params: product,
        body: {
          consumer: "customer",
          principal: { kind: "domain" },
          purpose: "churn features for the customer model",
          ...body,
        },
      });
    const decide = (
      route: { POST: (request: Request, context: never) => Promise<Response> },
      id: string,
      as: Person,
      body: unknown = { reason: "needed for the churn model" },
    ) => h.call(route.POST, "POST", "/", { as, params: { id }, body });

    it("refuses a request that breaks its classification's rules, naming the field (422)", async () => {
      const noEnd = await json<Problem>(await ask(RESTRICTED, {}));
      expect(noEnd.status).toBe(422);
      expect(noEnd.errors?.map((error) => error.path)).toContain("endsAt");
      const tooLong = await json<Problem>(await ask(RESTRICTED, { endsAt: inDays(120) }));
      expect(tooLong.errors?.[0]?.message).toMatch(/at most 90 days/);
      const wrongKind = await json<Problem>(
        await ask(RESTRICTED, {
          endsAt: inDays(30),
          principal: {
            kind: "gcp-service-account",
            email: "reader-sa@customer-proj.iam.gserviceaccount.com",
          },
        }),
      );
      expect(wrongKind.errors?.map((error) => error.path)).toContain("principal.kind");
      expect(await h.prisma.accessGrant.count()).toBe(0);
    });

    it("restricted: 403, an owner and a different admin approve, 200, expiry 403, revoke 403", async () => {
      expect((await load()).status).toBe(403);
      const asked = await ask(RESTRICTED, { endsAt: inDays(30) });
      expect(asked.status).toBe(201);
      const request = await json<View>(asked);
      expect(request.status).toBe("requested");
      expect(request.missing).toEqual(["an owner's approval", "a platform admin's approval"]);
      expect((await ask(RESTRICTED, { endsAt: inDays(30) })).status).toBe(409);

      const byOwner = await json<View>(await decide(approve, request.id, "owner"));
      expect(byOwner.status).toBe("requested");
      expect(byOwner.missing).toEqual(["a platform admin's approval"]);
      expect((await load()).status).toBe(403);
      expect((await decide(approve, request.id, "owner")).status).toBe(409);
      // A payments member who is no owner does not even see the request.
      expect((await decide(approve, request.id, "member")).status).toBe(404);

      const byAdmin = await json<View>(await decide(approve, request.id, "admin"));
      expect(byAdmin.status).toBe("approved");
      expect(byAdmin.approvals.map((approval) => approval.role)).toEqual([
        "owner",
        "platform-admin",
      ]);
      // A local product: nothing to provision, the catalog reads the stored grant.
      expect(byAdmin.deploymentId).toBeUndefined();
      expect((await load()).status).toBe(200);

      // Past its end date the grant no longer reads, and the list says expired.
      const endsAt = new Date(Date.now() + 30 * DAY);
      await h.prisma.accessGrant.update({
        where: { id: request.id },
        data: { endsAt: new Date(Date.now() - 1000) },
      });
      expect((await load()).status).toBe(403);
      const listed = await json<{ items: View[] }>(
        await h.call(accessRequests.GET, "GET", "/", { as: "otherMember", params: RESTRICTED }),
      );
      expect(listed.items.find((item) => item.id === request.id)?.status).toBe("expired");
      await h.prisma.accessGrant.update({ where: { id: request.id }, data: { endsAt } });
      expect((await load()).status).toBe(200);

      expect((await decide(revoke, request.id, "owner", {})).status).toBe(422);
      const revoked = await json<View>(await decide(revoke, request.id, "owner"));
      expect(revoked.status).toBe("revoked");
      expect((await load()).status).toBe(403);
      expect((await decide(revoke, request.id, "owner")).status).toBe(409);

      const actions = await h.prisma.auditLog.findMany({
        where: { entityType: "access-grant", entityId: request.id },
        orderBy: { at: "asc" },
        select: { action: true },
      });
      expect(actions.map((entry) => entry.action)).toEqual([
        "access-grant.requested",
        "access-grant.approval-recorded",
        "access-grant.approved",
        "access-grant.revoked",
      ]);
      const told = await h.prisma.notification.findMany({
        where: {
          userId: h.userIds.otherMember,
          kind: { in: ["access.approved", "access.revoked"] },
        },
        select: { kind: true },
      });
      expect(told.map((notification) => notification.kind).sort()).toEqual([
        "access.approved",
        "access.revoked",
      ]);
    });

    it("restricted: one person who is owner and admin cannot approve both ways", async () => {
      await h.prisma.user.update({
        where: { id: h.userIds.owner },
        data: { platformAdmin: true },
      });
      try {
        const request = await json<View>(await ask(RESTRICTED, { endsAt: inDays(10) }));
        expect((await json<View>(await decide(approve, request.id, "owner"))).status).toBe(
          "requested",
        );
        expect((await decide(approve, request.id, "owner")).status).toBe(409);
        expect((await json<View>(await decide(deny, request.id, "owner"))).status).toBe("denied");
      } finally {
        await h.prisma.user.update({
          where: { id: h.userIds.owner },
          data: { platformAdmin: false },
        });
      }
    });

    it("internal: denied with a reason; one owner approves, an admin alone may not", async () => {
      const first = await json<View>(await ask(INTERNAL, {}));
      expect((await decide(deny, first.id, "owner", {})).status).toBe(422);
      expect((await decide(deny, first.id, "otherMember")).status).toBe(403);
      const denied = await json<View>(await decide(deny, first.id, "owner"));
      expect(denied.status).toBe("denied");
      expect((await decide(approve, first.id, "owner")).status).toBe(409);

      const request = await json<View>(await ask(INTERNAL, {}));
      expect((await decide(approve, request.id, "admin")).status).toBe(403);
      expect((await json<View>(await decide(approve, request.id, "owner"))).status).toBe(
        "approved",
      );
      // The owner and admins see every request; a payments member who is no owner, none of
      // customer's; customer's members theirs.
      const seen = async (as: Person) =>
        (
          await json<{ items: View[] }>(
            await h.call(accessRequests.GET, "GET", "/", { as, params: INTERNAL }),
          )
        ).items.length;
      expect(await seen("owner")).toBe(2);
      expect(await seen("admin")).toBe(2);
      expect(await seen("otherMember")).toBe(2);
      expect(await seen("member")).toBe(0);
      expect(await seen("outsider")).toBe(0);
    });

    it("public: approved at once, with nothing to decide", async () => {
      const open = await json<View>(await ask(PUBLIC, {}));
      expect(open.status).toBe("approved");
      expect(open.missing).toEqual([]);
      expect((await load(PUBLIC)).status).toBe(200);
    });

    it("queues an up of a cloud product's stack when its grant is approved and revoked", async () => {
      const asked = await ask(CLOUD, {
        endsAt: inDays(60),
        principal: {
          kind: "gcp-service-account",
          email: "reader-sa@customer-proj.iam.gserviceaccount.com",
        },
      });
      const request = await json<View>(asked);
      expect(asked.status).toBe(201);
      const approved = await json<View>(await decide(approve, request.id, "owner"));
      expect(approved.status).toBe("approved");
      expect(approved.deploymentId).toBeDefined();
      const deployment = await h.prisma.deployment.findUniqueOrThrow({
        where: { id: approved.deploymentId ?? "" },
      });
      expect(deployment.operation).toBe("up");
      expect(deployment.status).toBe("queued");
    });

    it("lists an active grant's domain among the product's consumers", async () => {
      const listed = await json<{
        grants: { domain: string; principal: string }[];
        domains: string[];
      }>(await h.call(consumers.GET, "GET", "/", { as: "owner", params: INTERNAL }));
      expect(listed.grants).toEqual([{ domain: "customer", product: null, principal: "domain" }]);
      expect(listed.domains).toContain("customer");
    });

    it("revokes every grant on a product when it is decommissioned", async () => {
      const product = await h.prisma.dataProduct.findUniqueOrThrow({
        where: { domain_name: PUBLIC },
      });
      const before = await h.prisma.accessGrant.findMany({
        where: { productId: product.id, status: "approved" },
      });
      expect(before).toHaveLength(1);
      const deleted = await h.call(registration.DELETE, "DELETE", "/", {
        as: { bearer: PLATFORM_TOKEN },
        params: PUBLIC,
      });
      expect(deleted.status).toBe(204);
      const after = await h.prisma.accessGrant.findUniqueOrThrow({
        where: { id: before[0]?.id ?? "" },
      });
      expect(after.status).toBe("revoked");
      expect(after.reason).toBe("the product was decommissioned");
      expect(
        await h.prisma.auditLog.count({
          where: { entityId: after.id, action: "access-grant.revoked" },
        }),
      ).toBe(1);
    });
  });
});
