/**
 * Plan previews share a fixed number of slots (MESHPLANE_PLAN_PREVIEWS): a burst of requests
 * waits its turn instead of starting a process each. The preview process is replaced by one the
 * test releases, so what is measured is how many run at once.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import * as collection from "#portal/app/api/v1/requests/route";
import * as plan from "#portal/app/api/v1/requests/[id]/plan/route";
import type { PreviewOutcome } from "#core/plan-result";
import { portalConfig, setPortalConfigForTests } from "#config";
import { requestPlanById, startPlan, storedPlanOf } from "#portal/server/plan-previews";
import type { RequestDetail } from "#portal/shared/api-schemas";
import { variant } from "../../support/specs";
import { forEachDatabase } from "./databases";
import { json, type Harness } from "./harness";

vi.mock("server-only", () => ({}));

const started: ((outcome: PreviewOutcome) => void)[] = [];
/** The product names of the previews, in the order they started. */
const startedNames: string[] = [];
vi.mock("#workflow/plan-preview", async (original) => ({
  ...(await original<typeof import("#workflow/plan-preview")>()),
  runPreview: (input: { spec: { name?: string } }) =>
    new Promise<PreviewOutcome>((resolve) => {
      startedNames.push(input.spec.name ?? "");
      started.push(resolve);
    }),
}));

forEachDatabase((target, open) => {
  describe(`plan preview slots (${target})`, () => {
    let h: Harness & { close: () => Promise<void> };
    beforeAll(async () => {
      h = await open();
      setPortalConfigForTests({ ...portalConfig(), planPreviews: 2 });
    });
    afterAll(async () => {
      await h.close();
    });

    async function draft(name: string, domain = "payments"): Promise<string> {
      const created = await h.call(collection.POST, "POST", "/api/v1/requests", {
        as: domain === "payments" ? "member" : "otherMember",
        body: {
          kind: "create",
          spec: variant("churn-experiments.yaml", (s) => {
            s.domain = domain;
            s.name = name;
          }),
        },
      });
      return (await json<RequestDetail>(created)).id;
    }

    it("runs two previews at once and starts the next as one ends", async () => {
      started.length = 0;
      startedNames.length = 0;
      const ids = await Promise.all(["slot-a", "slot-b", "slot-c", "slot-d"].map((n) => draft(n)));
      const jobs = await Promise.all(ids.map((id) => requestPlanById(h.prisma, id)));
      const work = jobs.map((job) => {
        if (job === undefined) throw new Error("every draft needs a plan");
        return startPlan(job);
      });
      await vi.waitFor(() => {
        expect(started).toHaveLength(2);
      });
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(started).toHaveLength(2);

      started[0]?.({ ok: false, error: "first preview ended" });
      await vi.waitFor(() => {
        expect(started).toHaveLength(3);
      });
      for (const finish of started.slice(1)) finish({ ok: false, error: "ended by the test" });
      await vi.waitFor(() => {
        expect(started).toHaveLength(4);
      });
      started[3]?.({ ok: false, error: "ended by the test" });
      await Promise.all(work);

      const rows = await h.prisma.productRequest.findMany({ where: { id: { in: ids } } });
      expect(rows.map((row) => storedPlanOf(row.planPreview)?.status)).toEqual([
        "failed",
        "failed",
        "failed",
        "failed",
      ]);
    });

    it("takes the domains in turn and answers 429 when a domain's queue is full", async () => {
      setPortalConfigForTests({ ...portalConfig(), planPreviews: 1, planPreviewsPerDomain: 3 });
      started.length = 0;
      startedNames.length = 0;
      const ask = async (id: string, domain: string) => {
        const response = await h.call(plan.POST, "POST", "/", {
          as: domain === "payments" ? "member" : "otherMember",
          params: { id },
        });
        return response;
      };
      const payments = await Promise.all(
        ["fair-a", "fair-b", "fair-c", "fair-d"].map((n) => draft(n)),
      );
      const customer = await draft("fair-x", "customer");
      for (const id of payments.slice(0, 3)) expect((await ask(id, "payments")).status).toBe(202);
      const full = await ask(payments[3] ?? "", "payments");
      expect(full.status).toBe(429);
      expect(full.headers.get("retry-after")).toBe("10");
      expect(full.headers.get("content-type")).toBe("application/problem+json");
      // Refused before anything was marked: that request's plan is not pending.
      const refused = await h.prisma.productRequest.findUniqueOrThrow({
        where: { id: payments[3] ?? "" },
      });
      expect(storedPlanOf(refused.planPreview)).toBeNull();
      // Another domain is not affected by payments' full queue, and goes next.
      expect((await ask(customer, "customer")).status).toBe(202);
      for (let n = 1; n <= 4; n += 1) {
        await vi.waitFor(() => {
          expect(started).toHaveLength(n);
        });
        started[n - 1]?.({ ok: false, error: "ended by the test" });
      }
      // payments asked three times before customer once; customer waited for one preview only.
      expect(startedNames).toEqual(["fair-a", "fair-x", "fair-b", "fair-c"]);
    });
  });
});
