/**
 * What the product and domain pages show of access (portal/server/access.ts `productAccess`,
 * `domainAccessPage`): the requests each person sees, the decisions each is offered as the request
 * moves through a restricted product's two approvals, who may ask, and the domain page's two
 * directions. Decisions go through the real routes, so what is offered is checked against what
 * the API then accepts.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import * as accessRequests from "#portal/app/api/v1/products/[domain]/[name]/access-requests/route";
import * as approve from "#portal/app/api/v1/access-requests/[id]/approve/route";
import * as deny from "#portal/app/api/v1/access-requests/[id]/deny/route";
import * as revoke from "#portal/app/api/v1/access-requests/[id]/revoke/route";
import { accessProductOrThrow, domainAccessPage, productAccess } from "#portal/server/access";
import { deployLocalProduct } from "../../support/iceberg-catalog";
import { exampleInput } from "../../support/specs";
import { forEachDatabase } from "./databases";
import { json, principalOf, registrationOf, type Harness, type Person } from "./harness";

vi.mock("server-only", () => ({}));

const RESTRICTED = { domain: "payments", name: "views-restricted" };
const INTERNAL = { domain: "payments", name: "views-internal" };
const CLOUD = { domain: "payments", name: "fraud-scores" };
const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();

forEachDatabase((target, open) => {
  describe(`access on the pages (${target})`, () => {
    let h: Harness & { close: () => Promise<void> };
    beforeAll(async () => {
      h = await open();
      await deployLocalProduct(h, RESTRICTED.domain, RESTRICTED.name, {
        classification: "restricted",
      });
      await deployLocalProduct(h, INTERNAL.domain, INTERNAL.name, { classification: "internal" });
      await h.register(registrationOf(exampleInput("fraud-scores.yaml")));
    });
    afterAll(async () => {
      await h.close();
    });

    const view = async (person: Person, product = RESTRICTED) => {
      const viewer = principalOf(h, person);
      const loaded = await accessProductOrThrow(h.prisma, viewer, product.domain, product.name);
      return productAccess(h.prisma, viewer, loaded);
    };
    const actionsOf = async (person: Person, product = RESTRICTED) =>
      (await view(person, product)).items.map((item) => item.actions);
    const ask = async (
      product: { domain: string; name: string },
      endsAt?: string,
      principal: Record<string, string> = { kind: "domain" },
    ) => {
      const asked = await h.call(accessRequests.POST, "POST", "/", {
        as: "otherMember",
        params: product,
        body: {
          consumer: "customer",
          principal,
          purpose: "churn features for the customer model",
          ...(endsAt === undefined ? {} : { endsAt }),
        },
      });
      expect(asked.status, await asked.clone().text()).toBe(201);
      return (await json<{ id: string }>(asked)).id;
    };
    const decide = async (
      route: { POST: (request: Request, context: never) => Promise<Response> },
      id: string,
      as: Person,
    ) => {
      const response = await h.call(route.POST, "POST", "/", {
        as,
        params: { id },
        body: { reason: "for the churn model" },
      });
      expect(response.status, await response.clone().text()).toBe(200);
      return json<{ deploymentId?: string }>(response);
    };

    it("offers each person the decisions the API then accepts, through both approvals", async () => {
      // Who may ask: members of another domain, not the product's own.
      expect((await view("otherMember")).requestableDomains).toEqual(["customer"]);
      expect((await view("owner")).requestableDomains).toEqual([]);
      expect((await view("outsider")).requestableDomains).toEqual([]);

      const id = await ask(RESTRICTED, inDays(30));
      expect(await actionsOf("owner")).toEqual([["approve", "deny"]]);
      expect(await actionsOf("admin")).toEqual([["approve", "deny"]]);
      expect(await actionsOf("otherMember")).toEqual([[]]);
      // A payments member who is no owner sees no other domain's request.
      expect(await actionsOf("member")).toEqual([]);

      await decide(approve, id, "owner");
      const afterOwner = await view("admin");
      expect(afterOwner.items[0]?.missing).toEqual(["a platform admin's approval"]);
      expect(afterOwner.items[0]?.actions).toEqual(["approve", "deny"]);
      expect(await actionsOf("owner")).toEqual([["deny"]]);
      // The approver and the requester are named, not only their ids.
      expect(Object.values(afterOwner.people).sort()).toEqual([
        "Cora Customer <cora@meshplane.test>",
        "Olga Owner <olga@meshplane.test>",
      ]);

      await decide(approve, id, "admin");
      const granted = await view("owner");
      expect(granted.items[0]?.status).toBe("approved");
      expect(granted.items[0]?.missing).toEqual([]);
      expect(granted.items[0]?.actions).toEqual(["revoke"]);
      // A local product's grant is the catalog's to enforce: no up, nothing to show.
      expect(granted.items[0]?.deploymentId).toBeUndefined();
      expect(granted.items[0]?.provisioning).toBeUndefined();
      // The consuming domain may give up its own access.
      expect(await actionsOf("otherMember")).toEqual([["revoke"]]);
      expect((await view("otherMember")).requestableDomains).toEqual(["customer"]);
    });

    it("internal: an admin may deny but is not offered an approval", async () => {
      await ask(INTERNAL);
      expect(await actionsOf("admin", INTERNAL)).toEqual([["deny"]]);
      expect(await actionsOf("owner", INTERNAL)).toEqual([["approve", "deny"]]);
    });

    it("the domain page: what a domain consumes and who consumes its products, as each may see", async () => {
      const customer = await domainAccessPage(h.prisma, principalOf(h, "otherMember"), "customer");
      expect(customer.consumes.map((row) => [row.product, row.status]).sort()).toEqual([
        ["payments/views-internal", "requested"],
        ["payments/views-restricted", "approved"],
      ]);
      expect(customer.consumedBy).toEqual([]);

      const payments = await domainAccessPage(h.prisma, principalOf(h, "owner"), "payments");
      expect(payments.consumes).toEqual([]);
      expect(payments.consumedBy.map((row) => row.consumer)).toEqual(["customer", "customer"]);
      expect(payments.consumedBy.find((row) => row.status === "requested")?.actions).toEqual([
        "approve",
        "deny",
      ]);
      // Neither a payments member who is no owner nor an outsider sees customer's requests.
      const member = await domainAccessPage(h.prisma, principalOf(h, "member"), "payments");
      expect(member.consumedBy).toEqual([]);
      const outsider = await domainAccessPage(h.prisma, principalOf(h, "outsider"), "customer");
      expect(outsider.consumes).toEqual([]);

      // A denied request grants nothing: it leaves the domain page (the product page keeps it).
      const open = payments.consumedBy.find((row) => row.status === "requested");
      await decide(deny, open?.id ?? "", "owner");
      const after = await domainAccessPage(h.prisma, principalOf(h, "owner"), "payments");
      expect(after.consumedBy.map((row) => row.status)).toEqual(["approved"]);
      expect((await view("owner", INTERNAL)).items.map((row) => row.status)).toEqual(["denied"]);
    });

    it("a cloud product's grant shows the progress of its last up, approval then revocation", async () => {
      const id = await ask(CLOUD, inDays(60), {
        kind: "gcp-service-account",
        email: "reader-sa@customer-proj.iam.gserviceaccount.com",
      });
      expect((await view("owner", CLOUD)).items[0]?.provisioning).toBeUndefined();
      const approved = await decide(approve, id, "owner");
      expect(approved.deploymentId).toBeDefined();
      const queued = (await view("otherMember", CLOUD)).items[0];
      expect(queued?.deploymentId).toBe(approved.deploymentId);
      expect(queued?.provisioning).toEqual({
        deploymentId: approved.deploymentId,
        status: "queued",
        resourcesDone: 0,
        resourcesPlanned: expect.any(Number) as number,
      });
      // The worker's progress is what the page shows (settled as the worker does: no longer
      // the stack's active up, so the revocation queues its own).
      await h.prisma.deployment.update({
        where: { id: approved.deploymentId ?? "" },
        data: {
          status: "succeeded",
          activeKey: null,
          finishedAt: new Date(),
          resourcesDone: 7,
          resourcesPlanned: 7,
        },
      });
      const customer = await domainAccessPage(h.prisma, principalOf(h, "otherMember"), "customer");
      expect(customer.consumes.find((row) => row.id === id)?.provisioning).toMatchObject({
        status: "succeeded",
        resourcesDone: 7,
        resourcesPlanned: 7,
      });
      // Revoking queues the up that removes it: the row follows that one.
      const revoked = await decide(revoke, id, "owner");
      expect(revoked.deploymentId).toBeDefined();
      expect(revoked.deploymentId).not.toBe(approved.deploymentId);
      expect((await view("owner", CLOUD)).items[0]?.provisioning).toMatchObject({
        deploymentId: revoked.deploymentId,
        status: "queued",
      });
    });
  });
});
