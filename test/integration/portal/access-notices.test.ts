/**
 * Grant holders hear of what happens to the product they read (issue #18, workflow/consumers.ts):
 * a domain whose only tie to a product is an access grant is among the consumers told of a
 * breaking update and of a proposed and approved decommission, and when the decommission is
 * carried out (its grants revoked) it gets the revocation, in its inbox and on its webhook.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import * as accessRequests from "#portal/app/api/v1/products/[domain]/[name]/access-requests/route";
import * as approveAccess from "#portal/app/api/v1/access-requests/[id]/approve/route";
import * as collection from "#portal/app/api/v1/requests/route";
import * as submit from "#portal/app/api/v1/requests/[id]/submit/route";
import * as approve from "#portal/app/api/v1/requests/[id]/approve/route";
import * as deploy from "#portal/app/api/v1/requests/[id]/deploy/route";
import { DataProductSpec } from "#contract";
import { consumerImpact } from "#workflow/request-notifications";
import { settle } from "#workflow/settle";
import { deployLocalProduct } from "../../support/iceberg-catalog";
import { forEachDatabase } from "./databases";
import { json, type Harness, type Person } from "./harness";

vi.mock("server-only", () => ({}));
vi.mock("#workflow/plan-preview", async (original) => ({
  ...(await original<typeof import("#workflow/plan-preview")>()),
  runPreview: () => Promise.resolve({ ok: false, error: "not previewed in this test" }),
}));

const PRODUCT = { domain: "payments", name: "granted-only" };
const REF = `${PRODUCT.domain}/${PRODUCT.name}`;

forEachDatabase((target, open) => {
  describe(`notices to grant holders (${target})`, () => {
    let h: Harness & { close: () => Promise<void> };
    let grantId = "";
    beforeAll(async () => {
      h = await open();
      await deployLocalProduct(h, PRODUCT.domain, PRODUCT.name, { classification: "internal" });
      await h.prisma.webhookSubscription.create({
        data: {
          domain: "customer",
          url: "https://hooks.example.com/customer",
          secret: "s".repeat(32),
        },
      });
      const asked = await h.call(accessRequests.POST, "POST", "/", {
        as: "otherMember",
        params: PRODUCT,
        body: {
          consumer: "customer",
          principal: { kind: "domain" },
          purpose: "churn features for the customer model",
        },
      });
      grantId = (await json<{ id: string }>(asked)).id;
      const approved = await h.call(approveAccess.POST, "POST", "/", {
        as: "owner",
        params: { id: grantId },
        body: { reason: "fine" },
      });
      expect(approved.status).toBe(200);
    });
    afterAll(async () => {
      await h.close();
    });

    const notices = (person: Person, kind: string) =>
      h.prisma.notification.findMany({
        where: { userId: h.userIds[person], kind },
        orderBy: { createdAt: "asc" },
      });

    it("counts the grant holder among the consumers of a breaking update", async () => {
      const product = await h.prisma.dataProduct.findUniqueOrThrow({
        where: { domain_name: PRODUCT },
      });
      const live = DataProductSpec.parse(product.spec);
      const [, ...rest] = live.table.columns;
      const impact = await consumerImpact(h.prisma, {
        kind: "update",
        domain: PRODUCT.domain,
        name: PRODUCT.name,
        spec: { ...live, table: { ...live.table, columns: rest } },
      });
      expect(impact?.told).toBe(true);
      expect(impact?.consumers.domains).toEqual(["customer"]);
      expect(impact?.consumers.grants).toEqual([
        { domain: "customer", product: null, principal: "domain" },
      ]);
    });

    it("tells the grant holder of a decommission proposed, approved, and carried out", async () => {
      const filed = await h.call(collection.POST, "POST", "/api/v1/requests", {
        as: "owner",
        body: { kind: "decommission", product: REF, reason: "replaced by a better table" },
      });
      expect(filed.status, await filed.clone().text()).toBe(201);
      const { id } = await json<{ id: string }>(filed);
      const submitted = await h.call(submit.POST, "POST", "/", { as: "owner", params: { id } });
      expect(submitted.status, await submitted.clone().text()).toBe(200);
      const approved = await h.call(approve.POST, "POST", "/", {
        as: "admin",
        params: { id },
        body: { reason: "consumers were warned" },
      });
      expect(approved.status, await approved.clone().text()).toBe(200);
      const stages = async () =>
        (await notices("otherMember", "consumed.decommission")).map(
          (notice) => (notice.payload as { stage: string }).stage,
        );
      expect(await stages()).toEqual(["proposed", "approved"]);

      const queued = await h.call(deploy.POST, "POST", "/", { as: "admin", params: { id } });
      expect(queued.status, await queued.clone().text()).toBeLessThan(300);
      const deployment = await h.prisma.deployment.findFirstOrThrow({ where: { requestId: id } });
      await h.prisma.$transaction((tx) => settle(tx, deployment, "succeeded", undefined));

      const grant = await h.prisma.accessGrant.findUniqueOrThrow({ where: { id: grantId } });
      expect(grant.status).toBe("revoked");
      const [revoked, ...more] = await notices("otherMember", "access.revoked");
      expect(more).toEqual([]);
      expect(revoked?.title).toBe(
        `customer's access to ${REF} was revoked: the product was decommissioned`,
      );
      expect(revoked?.payload).toMatchObject({ product: REF, accessRequest: grantId });
      const hooks = await h.prisma.webhookDelivery.findMany({
        where: { url: "https://hooks.example.com/customer" },
        select: { event: true },
        orderBy: { createdAt: "asc" },
      });
      expect(hooks.map((hook) => hook.event)).toEqual([
        "access.requested",
        "access.approved",
        "consumed.decommission",
        "consumed.decommission",
        "access.revoked",
      ]);
    });
  });
});
