/**
 * Grant decisions made while the product's `up` is running (issue #18): the decision's `up` is the
 * running one (one active `up` per stack), which read the grants when it started. When it ends,
 * the grants in force are compared with those it provisioned and, when they differ, one more `up`
 * is queued and the changed grants name it: a revoke is never left in force in the cloud, an
 * approval never left out.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import * as accessRequests from "#portal/app/api/v1/products/[domain]/[name]/access-requests/route";
import * as approve from "#portal/app/api/v1/access-requests/[id]/approve/route";
import * as revoke from "#portal/app/api/v1/access-requests/[id]/revoke/route";
import { claimNext, endDeployment } from "#workflow/deployment-queue";
import { exampleInput } from "../../support/specs";
import { forEachDatabase } from "./databases";
import { json, registrationOf, type Harness, type Person } from "./harness";

vi.mock("server-only", () => ({}));

const CLOUD = { domain: "payments", name: "fraud-scores" };

interface View {
  id: string;
  status: string;
  deploymentId?: string;
}

forEachDatabase((target, open) => {
  describe(`grants decided while the product's up runs (${target})`, () => {
    let h: Harness & { close: () => Promise<void> };
    beforeAll(async () => {
      h = await open();
      await h.register(registrationOf(exampleInput("fraud-scores.yaml")));
    });
    afterAll(async () => {
      await h.close();
    });

    const decide = (
      route: { POST: (request: Request, context: never) => Promise<Response> },
      id: string,
      as: Person,
    ) => h.call(route.POST, "POST", "/", { as, params: { id }, body: { reason: "needed" } });

    const ask = async (email: string) => {
      const asked = await h.call(accessRequests.POST, "POST", "/", {
        as: "otherMember",
        params: CLOUD,
        body: {
          consumer: "customer",
          principal: { kind: "gcp-service-account", email },
          purpose: "fraud features for the customer model",
          endsAt: new Date(Date.now() + 30 * 86_400_000).toISOString(),
        },
      });
      expect(asked.status).toBe(201);
      return (await json<View>(asked)).id;
    };

    const approved = async (id: string) => {
      let view = await json<View>(await decide(approve, id, "owner"));
      if (view.status === "requested") view = await json<View>(await decide(approve, id, "admin"));
      expect(view.status).toBe("approved");
      return view;
    };

    /** The worker claims the queued `up`: from now on it provisions the grants it read. */
    const running = async () => {
      const claimed = await claimNext(h.prisma, "worker-1", 60);
      if (claimed === undefined) throw new Error("no up was queued");
      return claimed;
    };

    const grantRow = (id: string) => h.prisma.accessGrant.findUniqueOrThrow({ where: { id } });

    it("queues one more up for a grant revoked while the up ran", async () => {
      const granted = await approved(await ask("reader-a@customer-proj.iam.gserviceaccount.com"));
      const up = await running();
      expect(up.id).toBe(granted.deploymentId);
      const revoked = await json<View>(await decide(revoke, granted.id, "owner"));
      // The revoke's up is the one running, which provisions the grant it read at its start.
      expect(revoked.deploymentId).toBe(up.id);
      await h.prisma.$transaction((tx) =>
        endDeployment(tx, up, "worker-1", { status: "succeeded", grants: [granted.id] }),
      );
      const row = await grantRow(granted.id);
      expect(row.deploymentId).not.toBe(up.id);
      const next = await h.prisma.deployment.findUniqueOrThrow({
        where: { id: row.deploymentId ?? "" },
      });
      expect(next).toMatchObject({ operation: "up", status: "queued", stackName: up.stackName });
    });

    it("queues one more up for a grant approved while the up ran, none when nothing changed", async () => {
      const first = await running();
      const id = await ask("reader-b@customer-proj.iam.gserviceaccount.com");
      const granted = await approved(id);
      expect(granted.deploymentId).toBe(first.id);
      await h.prisma.$transaction((tx) =>
        endDeployment(tx, first, "worker-1", { status: "succeeded", grants: [] }),
      );
      const followUp = (await grantRow(id)).deploymentId;
      expect(followUp).not.toBe(first.id);
      const second = await running();
      expect(second.id).toBe(followUp);
      await h.prisma.$transaction((tx) =>
        endDeployment(tx, second, "worker-1", { status: "succeeded", grants: [id] }),
      );
      expect((await grantRow(id)).deploymentId).toBe(second.id);
      expect(await h.prisma.deployment.count({ where: { status: "queued" } })).toBe(0);
    });
  });
});
