/**
 * Grants ending by the calendar (issue #18, workflow/access-expiry.ts) through the real database
 * and handlers: a local restricted grant past its end date becomes `expired` (the catalog answers
 * 403, it is audited, both domains' members and webhooks are told) and a cloud grant's expiry
 * queues the product's `up`; passes running at once expire and tell each grant once; the reminder
 * to re-certify goes out 14 days before the end, once, to the owners and the consumer, and a
 * grant in its last 14 days may be asked for again.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import * as table from "#portal/app/api/iceberg/v1/[prefix]/namespaces/[namespace]/tables/[table]/route";
import * as accessRequests from "#portal/app/api/v1/products/[domain]/[name]/access-requests/route";
import * as approve from "#portal/app/api/v1/access-requests/[id]/approve/route";
import * as revoke from "#portal/app/api/v1/access-requests/[id]/revoke/route";
import {
  REMINDER_DAYS,
  expireDueGrants,
  remindDueGrants,
  runAccessExpiry,
} from "#workflow/access-expiry";
import { exampleInput } from "../../support/specs";
import { deployLocalProduct } from "../../support/iceberg-catalog";
import { forEachDatabase } from "./databases";
import { json, registrationOf, type Harness, type Person, issueApiKey } from "./harness";

vi.mock("server-only", () => ({}));

const RESTRICTED = { domain: "payments", name: "expiry-restricted" };
const CONFIDENTIAL = { domain: "payments", name: "expiry-confidential" };
const CLOUD = { domain: "payments", name: "fraud-scores" };
const DAY = 86_400_000;
const inDays = (days: number, from = Date.now()) => new Date(from + days * DAY).toISOString();

interface View {
  id: string;
  status: string;
  deploymentId?: string;
}

forEachDatabase((target, open) => {
  describe(`access grant expiry and reminders (${target})`, () => {
    let h: Harness & { close: () => Promise<void> };
    let customerKey = "";
    beforeAll(async () => {
      h = await open();
      await deployLocalProduct(h, RESTRICTED.domain, RESTRICTED.name, {
        classification: "restricted",
      });
      await deployLocalProduct(h, CONFIDENTIAL.domain, CONFIDENTIAL.name, {
        classification: "confidential",
      });
      await h.register(registrationOf(exampleInput("fraud-scores.yaml")));
      customerKey = (await issueApiKey(h, "otherMember", "customer", "expiry")).key;
      for (const domain of ["payments", "customer"])
        await h.prisma.webhookSubscription.create({
          data: { domain, url: `https://hooks.example.com/${domain}`, secret: "s".repeat(32) },
        });
    });
    afterAll(async () => {
      await h.close();
    });

    const load = (product: { domain: string; name: string }) =>
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
    ) => h.call(route.POST, "POST", "/", { as, params: { id }, body: { reason: "needed" } });
    /** A grant approved by whoever its classification needs. */
    const granted = async (
      product: { domain: string; name: string },
      body: Record<string, unknown>,
    ) => {
      const asked = await ask(product, body);
      expect(asked.status).toBe(201);
      const { id } = await json<View>(asked);
      let view = await json<View>(await decide(approve, id, "owner"));
      if (view.status === "requested") view = await json<View>(await decide(approve, id, "admin"));
      expect(view.status).toBe("approved");
      return view;
    };
    const kindsFor = async (person: Person, accessRequest: string) =>
      (
        await h.prisma.notification.findMany({
          where: {
            userId: h.userIds[person],
            payload: { path: ["accessRequest"], equals: accessRequest },
          },
          select: { kind: true },
          orderBy: { createdAt: "asc" },
        })
      ).map((notification) => notification.kind);
    const hooksFor = async (accessRequest: string, event: string) =>
      (
        await h.prisma.webhookDelivery.findMany({
          where: { event, payload: { path: ["accessRequest"], equals: accessRequest } },
          select: { url: true },
        })
      )
        .map((delivery) => delivery.url)
        .sort();

    it("expires a local grant past its end date: 403, audited, both domains told", async () => {
      const grant = await granted(RESTRICTED, { endsAt: inDays(30) });
      expect((await load(RESTRICTED)).status).toBe(200);
      const endsAt = new Date(Date.now() + 30 * DAY);

      // Before its end date nothing happens.
      expect(
        (await expireDueGrants(h.prisma, new Date(endsAt.getTime() - 60_000))).expired,
      ).toEqual([]);
      const after = new Date(endsAt.getTime() + 60_000);
      const pass = await expireDueGrants(h.prisma, after);
      expect(pass).toEqual({ expired: [grant.id], deployments: [] });
      const row = await h.prisma.accessGrant.findUniqueOrThrow({ where: { id: grant.id } });
      expect(row.status).toBe("expired");
      expect(row.decidedAt?.toISOString()).toBe(after.toISOString());
      expect(row.reason).toMatch(/end date .* reached/);
      // The catalog reads approved grants only: the row's state alone refuses, whatever its date.
      await h.prisma.accessGrant.update({ where: { id: grant.id }, data: { endsAt: inDays(30) } });
      expect((await load(RESTRICTED)).status).toBe(403);

      const audit = await h.prisma.auditLog.findMany({
        where: { entityId: grant.id, action: "access-grant.expired" },
      });
      expect(audit).toHaveLength(1);
      expect(audit[0]?.actorLabel).toBe("automation");
      expect(await kindsFor("otherMember", grant.id)).toContain("access.expired");
      expect(await kindsFor("owner", grant.id)).toContain("access.expired");
      expect(await hooksFor(grant.id, "access.expired")).toEqual([
        "https://hooks.example.com/customer",
        "https://hooks.example.com/payments",
      ]);
      // An expired grant is over: it is neither revoked nor expired again.
      expect((await decide(revoke, grant.id, "owner")).status).toBe(409);
      expect(
        (await expireDueGrants(h.prisma, new Date(after.getTime() + 120 * DAY))).expired,
      ).toEqual([]);
    });

    it("queues the up of a cloud product whose grant expired", async () => {
      const grant = await granted(CLOUD, {
        endsAt: inDays(60),
        principal: {
          kind: "gcp-service-account",
          email: "reader-sa@customer-proj.iam.gserviceaccount.com",
        },
      });
      expect(grant.deploymentId).toBeDefined();
      // The approval's up ran; the expiry must queue a new one.
      await h.prisma.deployment.update({
        where: { id: grant.deploymentId ?? "" },
        data: { status: "succeeded", activeKey: null, finishedAt: new Date() },
      });
      const pass = await expireDueGrants(h.prisma, new Date(Date.now() + 61 * DAY));
      expect(pass.expired).toEqual([grant.id]);
      expect(pass.deployments).toHaveLength(1);
      const deployment = await h.prisma.deployment.findUniqueOrThrow({
        where: { id: pass.deployments[0] ?? "" },
        include: { product: { select: { name: true } } },
      });
      expect(deployment).toMatchObject({
        operation: "up",
        status: "queued",
        startedById: null,
        product: { name: CLOUD.name },
      });
      expect(await hooksFor(grant.id, "access.expired")).toHaveLength(2);
    });

    it("expires and tells each grant once when passes run at once", async () => {
      const grant = await granted(CONFIDENTIAL, { endsAt: inDays(100) });
      const at = new Date(Date.now() + 101 * DAY);
      const passes = await Promise.all([
        expireDueGrants(h.prisma, at),
        expireDueGrants(h.prisma, at),
        expireDueGrants(h.prisma, at),
      ]);
      expect(passes.flatMap((pass) => pass.expired)).toEqual([grant.id]);
      expect(
        await h.prisma.auditLog.count({
          where: { entityId: grant.id, action: "access-grant.expired" },
        }),
      ).toBe(1);
      expect(await kindsFor("otherMember", grant.id)).toEqual([
        "access.approved",
        "access.expired",
      ]);
      expect(await hooksFor(grant.id, "access.expired")).toHaveLength(2);
    });

    it("reminds owners and the consumer once, 14 days before the end, and allows renewal", async () => {
      const start = Date.now();
      const grant = await granted(CONFIDENTIAL, { endsAt: inDays(60, start) });
      // A grant with more than 14 days left blocks a second request.
      expect((await ask(CONFIDENTIAL, { endsAt: inDays(90, start) })).status).toBe(409);

      const early = new Date(start + (60 - REMINDER_DAYS - 1) * DAY);
      expect(await remindDueGrants(h.prisma, early)).toEqual([]);
      const due = new Date(start + (60 - REMINDER_DAYS + 1) * DAY);
      const passes = await Promise.all([
        remindDueGrants(h.prisma, due),
        remindDueGrants(h.prisma, due),
      ]);
      expect(passes.flat()).toEqual([grant.id]);
      expect(await remindDueGrants(h.prisma, new Date(due.getTime() + DAY))).toEqual([]);
      const row = await h.prisma.accessGrant.findUniqueOrThrow({ where: { id: grant.id } });
      expect(row.reminderSentAt?.toISOString()).toBe(due.toISOString());
      expect(row.status).toBe("approved");

      // To the product's owners (payments' owner) and customer's members; not to payments' other
      // members.
      expect(await kindsFor("owner", grant.id)).toContain("access.expiring");
      expect(await kindsFor("otherMember", grant.id)).toEqual([
        "access.approved",
        "access.expiring",
      ]);
      expect(await kindsFor("member", grant.id)).not.toContain("access.expiring");
      expect(await hooksFor(grant.id, "access.expiring")).toEqual([
        "https://hooks.example.com/customer",
        "https://hooks.example.com/payments",
      ]);
      const [notice] = await h.prisma.notification.findMany({
        where: { userId: h.userIds.owner, kind: "access.expiring" },
      });
      expect(notice?.title).toMatch(/ends in 13 days/);

      // In its last 14 days (now, by moving the end date close), customer may ask again.
      await h.prisma.accessGrant.update({
        where: { id: grant.id },
        data: { endsAt: inDays(REMINDER_DAYS - 1) },
      });
      const renewal = await ask(CONFIDENTIAL, { endsAt: inDays(90) });
      expect(renewal.status).toBe(201);
      expect((await json<View>(renewal)).status).toBe("requested");
    });

    it("runs expiry and reminders in one pass, as the portal's task does", async () => {
      const pass = await runAccessExpiry(h.prisma, new Date(Date.now() + 400 * DAY));
      expect(pass.reminded).toEqual([]);
      expect(pass.expired.length).toBeGreaterThan(0);
      expect(await h.prisma.accessGrant.count({ where: { status: "approved" } })).toBe(0);
    });
  });
});
