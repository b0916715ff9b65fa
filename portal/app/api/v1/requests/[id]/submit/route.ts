import { ok, withApi } from "#portal/server/api";
import { requestPlanById, startPlan } from "#portal/server/plan-previews";
import { requestActionRoute, takeAction } from "#portal/server/requests";
import { carriesSpec } from "#core/request-lifecycle";

export const POST = withApi(
  requestActionRoute("submit"),
  async ({ db, principal, resource, params, audit }) => {
    const detail = await takeAction(db, principal, resource, "submit", undefined, audit);
    // Reviewers see what the spec would create: preview it once the submit has committed.
    const job = carriesSpec(detail.kind) ? await requestPlanById(db, params.id) : undefined;
    return job === undefined ? ok(detail) : { ...ok(detail), after: () => startPlan(job) };
  },
);
