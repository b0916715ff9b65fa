/**
 * The deployment routes on a real database, without the CLI: who may deploy, what the state
 * machine allows (destroy only through an approved decommission), idempotent triggering, cancel
 * and retry. The worker side runs in lifecycle.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import * as requests from "#portal/app/api/v1/requests/route";
import * as submit from "#portal/app/api/v1/requests/[id]/submit/route";
import * as approve from "#portal/app/api/v1/requests/[id]/approve/route";
import * as deploy from "#portal/app/api/v1/requests/[id]/deploy/route";
import * as previewRequest from "#portal/app/api/v1/requests/[id]/preview/route";
import * as refresh from "#portal/app/api/v1/products/[domain]/[name]/refresh/route";
import * as list from "#portal/app/api/v1/deployments/route";
import * as detail from "#portal/app/api/v1/deployments/[id]/route";
import * as cancel from "#portal/app/api/v1/deployments/[id]/cancel/route";
import * as retry from "#portal/app/api/v1/deployments/[id]/retry/route";
import type { DeploymentDetail, DeploymentSummary } from "#portal/shared/deployment-schemas";
import { exampleInput } from "../../support/specs";
import { forEachDatabase } from "../portal/databases";
import { json, registrationOf, type Harness, type Person } from "../portal/harness";
import type { StoredPlan } from "#core/plan-result";
import { specHash } from "#core/spec-hash";
import { approvedRequest } from "./support";

vi.mock("server-only", () => ({}));

interface Enqueued {
  deployment: DeploymentSummary;
  created: boolean;
}

forEachDatabase((target, open) => {
  describe(`deployment API (${target})`, () => {
    let h: Harness & { close: () => Promise<void> };
    beforeAll(async () => {
      h = await open();
    });
    afterAll(async () => {
      await h.close();
    });

    const approved = (name: string) =>
      approvedRequest(h, { kind: "create", spec: { ...exampleInput("fraud-scores.yaml"), name } });

    const post = (handler: typeof deploy.POST, id: string, as: Person = "admin") =>
      h.call(handler, "POST", "/", { as, params: { id } });

    const requestStatus = async (id: string) =>
      (await h.prisma.productRequest.findUniqueOrThrow({ where: { id } })).status;

    /** A cancel that ends the deployment fails its request and a product not yet deployed. */
    async function expectSettledAsCancelled(requestId: string, deploymentId: string) {
      expect(await requestStatus(requestId)).toBe("failed");
      const change = await h.prisma.requestStatusChange.findFirstOrThrow({
        where: { requestId },
        orderBy: [{ at: "desc" }, { id: "desc" }],
      });
      expect(change).toMatchObject({
        fromStatus: "deploying",
        toStatus: "failed",
        action: "fail",
        reason: "cancelled before it started",
        actorId: null,
      });
      const product = await h.prisma.dataProduct.findFirstOrThrow({
        where: { deployments: { some: { id: deploymentId } } },
      });
      expect(product.status).toBe("failed");
      const audit = await h.prisma.auditLog.findMany({
        where: { entityId: { in: [requestId, deploymentId] } },
        select: { action: true, actorLabel: true, actorId: true, before: true, after: true },
      });
      expect(audit).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ action: "deployment.cancelled" }),
          {
            action: "request.fail",
            actorLabel: "automation",
            actorId: null,
            before: { status: "deploying" },
            after: { status: "failed", deployment: deploymentId },
          },
        ]),
      );
    }

    it("lets platform admins only deploy", async () => {
      const id = await approved("deploy-authz");
      expect((await post(deploy.POST, id, "owner")).status).toBe(403);
      expect((await post(deploy.POST, id, "member")).status).toBe(403);
      expect((await h.call(list.GET, "GET", "/", { as: "owner" })).status).toBe(403);
    });

    it("queues one `up` however often deploy is clicked, and moves the request to deploying", async () => {
      const id = await approved("double-click");
      const responses = await Promise.all([post(deploy.POST, id), post(deploy.POST, id)]);
      const bodies = await Promise.all(responses.map((r) => json<Enqueued>(r)));
      expect(responses.map((r) => r.status).sort()).toEqual([200, 201]);
      expect(bodies[0]?.deployment.id).toBe(bodies[1]?.deployment.id);
      const deployment = bodies[0]?.deployment;
      expect(deployment).toMatchObject({
        product: "payments/double-click",
        operation: "up",
        status: "queued",
        stack: "payments.double-click.dev",
        environment: "dev",
        requestId: id,
      });
      const request = await h.prisma.productRequest.findUniqueOrThrow({ where: { id } });
      expect(request.status).toBe("deploying");
      const product = await h.prisma.dataProduct.findUniqueOrThrow({
        where: { domain_name: { domain: "payments", name: "double-click" } },
      });
      expect([product.status, request.productId]).toEqual(["deploying", product.id]);
      expect(await h.prisma.deployment.count({ where: { requestId: id } })).toBe(1);
      const audit = await h.prisma.auditLog.findMany({
        where: { entityType: "deployment" },
        select: { action: true, entityId: true },
      });
      expect(audit).toContainEqual({ action: "deployment.up.queued", entityId: deployment?.id });
    });

    it("starts the progress of an `up` from the request's plan preview of the same spec", async () => {
      const planned = async (name: string, hashOf: (spec: unknown) => string) => {
        const id = await approved(name);
        const request = await h.prisma.productRequest.findUniqueOrThrow({ where: { id } });
        const resource = (n: number) => ({
          type: "test:index:Thing",
          name: `thing-${String(n)}`,
          parent: null,
          custom: true,
          inputs: {},
          protect: false,
          retainOnDelete: false,
        });
        const plan: StoredPlan = {
          status: "ready",
          specHash: hashOf(request.spec),
          computedAt: new Date().toISOString(),
          resources: [1, 2, 3, 4].map(resource),
          policies: [],
        };
        await h.prisma.productRequest.update({ where: { id }, data: { planPreview: plan } });
        const { deployment } = await json<Enqueued>(await post(deploy.POST, id));
        const row = await h.prisma.deployment.findUniqueOrThrow({ where: { id: deployment.id } });
        return row.resourcesPlanned;
      };
      expect(await planned("planned-up", (spec) => specHash(spec, "dev"))).toBe(4);
      // A plan of another spec (or environment) says nothing about this deployment.
      expect(await planned("stale-plan", (spec) => specHash(spec, "prod"))).toBe(0);
    });

    it("deploys an approved change to a live product as an `up` of its stack, keeping it live", async () => {
      const live = { ...exampleInput("fraud-scores.yaml"), name: "changed" };
      await h.register(registrationOf(live));
      const id = await approvedRequest(h, {
        kind: "update",
        spec: { ...live, retentionDays: 3000 },
      });
      const queued = await json<Enqueued>(await post(deploy.POST, id));
      expect(queued.deployment).toMatchObject({
        operation: "up",
        stack: "payments.changed.dev",
        status: "queued",
      });
      const stored = await h.prisma.deployment.findUniqueOrThrow({
        where: { id: queued.deployment.id },
      });
      expect((stored.spec as { retentionDays: number }).retentionDays).toBe(3000);
      const product = await h.prisma.dataProduct.findUniqueOrThrow({
        where: { domain_name: { domain: "payments", name: "changed" } },
      });
      expect([product.status, await requestStatus(id)]).toEqual(["live", "deploying"]);
    });

    it("refuses to deploy a request that is not approved", async () => {
      const created = await h.call(requests.POST, "POST", "/api/v1/requests", {
        as: "member",
        body: {
          kind: "create",
          spec: { ...exampleInput("fraud-scores.yaml"), name: "draft-only" },
        },
      });
      const { id } = await json<{ id: string }>(created);
      const refused = await post(deploy.POST, id);
      expect(refused.status).toBe(409);
      expect((await json(refused)).detail).toBe("a draft request cannot be deployed");
      expect(await h.prisma.deployment.count({ where: { requestId: id } })).toBe(0);
    });

    it("destroys only through an approved decommission request", async () => {
      await h.register(registrationOf({ ...exampleInput("fraud-scores.yaml"), name: "retiring" }));
      const filed = await h.call(requests.POST, "POST", "/api/v1/requests", {
        as: "member",
        body: { kind: "decommission", product: "payments/retiring", reason: "replaced" },
      });
      const { id } = await json<{ id: string }>(filed);
      // Filed but not approved: no destroy.
      expect((await post(deploy.POST, id)).status).toBe(409);
      await h.call(submit.POST, "POST", "/", { as: "member", params: { id } });
      expect((await post(deploy.POST, id)).status).toBe(409);
      const approved = await h.call(approve.POST, "POST", "/", {
        as: "admin",
        params: { id },
        body: { reason: "replaced by v2" },
      });
      expect(approved.status).toBe(200);
      const queued = await json<Enqueued>(await post(deploy.POST, id));
      expect(queued.deployment).toMatchObject({
        operation: "destroy",
        stack: "payments.retiring.dev",
        status: "queued",
      });
      // A decommission has no plan of its own to preview.
      expect((await post(previewRequest.POST, id)).status).toBe(409);
    });

    it("refreshes a deployed product's stack and refuses one that has none", async () => {
      await h.register(registrationOf({ ...exampleInput("fraud-scores.yaml"), name: "deployed" }));
      const call = (name: string) =>
        h.call(refresh.POST, "POST", "/", { as: "admin", params: { domain: "payments", name } });
      const queued = await json<Enqueued>(await call("deployed"));
      expect(queued.deployment).toMatchObject({
        operation: "refresh",
        stack: "payments.deployed.dev",
      });
      expect((await call("nothing-here")).status).toBe(404);
    });

    it("asks a running deployment to stop, answering it still running, the cancel pending", async () => {
      const id = await approved("stop-me");
      const { deployment } = await json<Enqueued>(await post(deploy.POST, id));
      // As a worker's claim leaves it (claimNext would take the oldest queued of any test).
      await h.prisma.deployment.update({
        where: { id: deployment.id },
        data: { status: "running", runningStack: deployment.stack, workerId: "test-worker" },
      });
      const answer = await h.call(cancel.POST, "POST", "/", {
        as: "admin",
        params: { id: deployment.id },
      });
      expect(answer.status).toBe(200);
      expect(await json<DeploymentSummary>(answer)).toMatchObject({
        id: deployment.id,
        status: "running",
        cancelRequested: true,
        cancelOutcome: "pending",
      });
      // The worker settles the request once the CLI has stopped.
      expect(await requestStatus(id)).toBe("deploying");
    });

    it("cancels a queued deployment at once and retries it as a new deployment", async () => {
      const id = await approved("cancel-me");
      const queued = await json<Enqueued>(await post(deploy.POST, id));
      const deploymentId = queued.deployment.id;
      const cancelled = await h.call(cancel.POST, "POST", "/", {
        as: "admin",
        params: { id: deploymentId },
      });
      expect(await json<DeploymentSummary>(cancelled)).toMatchObject({
        status: "cancelled",
        cancelRequested: true,
        cancelOutcome: "took-effect",
        error: "cancelled before it started",
      });
      await expectSettledAsCancelled(id, deploymentId);
      expect(
        (await h.call(cancel.POST, "POST", "/", { as: "admin", params: { id: deploymentId } }))
          .status,
      ).toBe(409);
      const retried = await h.call(retry.POST, "POST", "/", {
        as: "admin",
        params: { id: deploymentId },
      });
      expect(retried.status).toBe(201);
      const again = await json<Enqueued>(retried);
      expect(again.deployment).toMatchObject({
        retryOf: deploymentId,
        operation: "up",
        status: "queued",
      });
      expect(await requestStatus(id)).toBe("deploying");
      const product = await h.prisma.dataProduct.findUniqueOrThrow({
        where: { domain_name: { domain: "payments", name: "cancel-me" } },
      });
      expect(product.status).toBe("deploying");
      // Retrying twice (a double click) joins the queued retry.
      const twice = await h.call(retry.POST, "POST", "/", {
        as: "admin",
        params: { id: deploymentId },
      });
      expect(twice.status).toBe(200);
      expect((await json<Enqueued>(twice)).deployment.id).toBe(again.deployment.id);
      const shown = await json<DeploymentDetail>(
        await h.call(detail.GET, "GET", "/", { as: "admin", params: { id: again.deployment.id } }),
      );
      expect(shown).toMatchObject({ id: again.deployment.id, summary: null, resources: [] });
      const page = await json<{ items: DeploymentSummary[]; pagination: { total: number } }>(
        await h.call(list.GET, "GET", "/", {
          as: "admin",
          query: { product: "payments/cancel-me" },
        }),
      );
      expect(page.items.map((d) => [d.id, d.status])).toEqual([
        [again.deployment.id, "queued"],
        [deploymentId, "cancelled"],
      ]);
    });
  });
});
