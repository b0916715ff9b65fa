/**
 * Plan previews through the API: computed after a submit commits, stored under the spec's hash,
 * not recomputed for an unchanged spec, audited on demand, and as private as the request.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import * as collection from "#portal/app/api/v1/requests/route";
import * as plan from "#portal/app/api/v1/requests/[id]/plan/route";
import * as submit from "#portal/app/api/v1/requests/[id]/submit/route";
import type { RequestDetail, RequestPlan } from "#portal/shared/api-schemas";
import { variant } from "../../support/specs";
import { forEachDatabase } from "./databases";
import { json, type Harness } from "./harness";

vi.mock("server-only", () => ({}));

/** The local example in the harness's payments domain: the quickest preview there is. */
const spec = () =>
  variant("churn-experiments.yaml", (s) => {
    s.domain = "payments";
    s.name = "plan-probe";
  });

forEachDatabase((target, open) => {
  describe(`plan previews (${target})`, () => {
    let h: Harness & { close: () => Promise<void> };
    beforeAll(async () => {
      h = await open();
    });
    afterAll(async () => {
      await h.close();
    });

    const getPlan = async (id: string, as: "member" | "otherMember" = "member") =>
      h.call(plan.GET, "GET", `/api/v1/requests/${id}/plan`, { as, params: { id } });

    async function readyPlan(id: string): Promise<RequestPlan> {
      // The preview runs after the submit's transaction committed: wait for its stored result.
      return vi.waitFor(
        async () => {
          const body = await json<RequestPlan>(await getPlan(id));
          if (body.plan?.status !== "ready") throw new Error(`plan is ${body.plan?.status}`);
          return body;
        },
        { timeout: 60_000, interval: 200 },
      );
    }

    it("computes the plan on submit, keeps it for the same spec, and audits on-demand runs", async () => {
      const created = await h.call(collection.POST, "POST", "/api/v1/requests", {
        as: "member",
        body: { kind: "create", spec: spec() },
      });
      const { id } = await json<RequestDetail>(created);
      expect(await json(await getPlan(id))).toEqual({ plan: null, current: false, running: false });

      const submitted = await h.call(submit.POST, "POST", `/api/v1/requests/${id}/submit`, {
        as: "member",
        params: { id },
      });
      expect(submitted.status).toBe(200);
      const first = await readyPlan(id);
      expect(first.current).toBe(true);
      if (first.plan?.status !== "ready") throw new Error("unreachable");
      expect(first.plan.resources.map((r) => [r.type, r.name, r.parent])).toEqual([
        ["meshplane:index:DataProduct", "plan-probe", null],
        [
          "pulumi-nodejs:dynamic/meshplane/local:LocalWarehouse",
          "plan-probe-warehouse",
          "plan-probe",
        ],
        [
          "pulumi-nodejs:dynamic/meshplane/catalog:MeshCatalogEntry",
          "plan-probe-catalog-entry",
          "plan-probe",
        ],
      ]);

      const again = await h.call(plan.POST, "POST", `/api/v1/requests/${id}/plan`, {
        as: "member",
        params: { id },
      });
      expect(again.status).toBe(200);
      expect(await json(again)).toEqual(first);
      const audits = await h.prisma.auditLog.findMany({
        where: { entityId: id, action: "request.plan-requested" },
        select: { after: true },
      });
      expect(audits).toEqual([{ after: { started: false, specHash: null } }]);
    });

    it("refuses to plan a draft the contract does not accept yet, saying what to fix", async () => {
      const created = await h.call(collection.POST, "POST", "/api/v1/requests", {
        as: "member",
        body: { kind: "create", spec: { domain: "payments", name: "half-done" } },
      });
      const { id } = await json<RequestDetail>(created);
      const refused = await h.call(plan.POST, "POST", `/api/v1/requests/${id}/plan`, {
        as: "member",
        params: { id },
      });
      expect(refused.status).toBe(422);
      const problem = await json<{ errors: { path: string; message: string }[] }>(refused);
      expect(problem.errors.map((error) => error.path)).toContain("spec.tier");
      const stored = await h.prisma.productRequest.findUniqueOrThrow({ where: { id } });
      expect(stored.planPreview).toBeNull();
    });

    it("hides a request's plan from other domains", async () => {
      const created = await h.call(collection.POST, "POST", "/api/v1/requests", {
        as: "member",
        body: {
          kind: "create",
          spec: variant("churn-experiments.yaml", (s) => {
            s.domain = "payments";
            s.name = "plan-private";
          }),
        },
      });
      const { id } = await json<RequestDetail>(created);
      expect((await getPlan(id, "otherMember")).status).toBe(404);
      const post = await h.call(plan.POST, "POST", `/api/v1/requests/${id}/plan`, {
        as: "otherMember",
        params: { id },
      });
      expect(post.status).toBe(404);
    });
  });
});
