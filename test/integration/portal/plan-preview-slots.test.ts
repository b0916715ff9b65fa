/**
 * Plan previews share a fixed number of slots (MESHPLANE_PLAN_PREVIEWS): a burst of requests
 * waits its turn instead of starting a process each. The preview process is replaced by one the
 * test releases, so what is measured is how many run at once.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import * as collection from "../../../portal/app/api/v1/requests/route";
import type { PreviewOutcome } from "#core/plan-result";
import { portalConfig, setPortalConfigForTests } from "#config";
import { requestPlanById, startPlan, storedPlanOf } from "../../../portal/server/plan-previews";
import type { RequestDetail } from "../../../portal/shared/api-schemas";
import { variant } from "../../support/specs";
import { forEachDatabase } from "./databases";
import { json, type Harness } from "./harness";

vi.mock("server-only", () => ({}));

const started: ((outcome: PreviewOutcome) => void)[] = [];
vi.mock("#workflow/plan-preview", async (original) => ({
  ...(await original<typeof import("#workflow/plan-preview")>()),
  runPreview: () =>
    new Promise<PreviewOutcome>((resolve) => {
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

    async function draft(name: string): Promise<string> {
      const created = await h.call(collection.POST, "POST", "/api/v1/requests", {
        as: "member",
        body: {
          kind: "create",
          spec: variant("churn-experiments.yaml", (s) => {
            s.domain = "payments";
            s.name = name;
          }),
        },
      });
      return (await json<RequestDetail>(created)).id;
    }

    it("runs two previews at once and starts the next as one ends", async () => {
      started.length = 0;
      const ids = await Promise.all(["slot-a", "slot-b", "slot-c", "slot-d"].map(draft));
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
  });
});
