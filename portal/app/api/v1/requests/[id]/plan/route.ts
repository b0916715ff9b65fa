import { RequestIdParams } from "../../../../../../shared/api-schemas";
import { ok, withApi } from "../../../../../../server/api";
import { getRequestPlan, requestPlan, startPlan } from "../../../../../../server/plan-previews";
import { ConflictError } from "../../../../../../server/problems";
import { assertValidSpec, getRequestOrThrow } from "../../../../../../server/requests";

export const GET = withApi(
  { auth: "user", params: RequestIdParams },
  async ({ db, principal, params }) => ok(await getRequestPlan(db, principal, params.id)),
);

export const POST = withApi(
  { auth: "user", params: RequestIdParams },
  async ({ db, principal, params, audit }) => {
    const row = await getRequestOrThrow(db, principal, params.id);
    if (row.kind === "decommission")
      throw new ConflictError("a decommission request has no plan preview");
    // Only a spec the contract accepts can be planned: say what to fix instead of starting one.
    assertValidSpec(row.spec);
    const job = await requestPlan(db, row);
    await audit({
      action: "request.plan-requested",
      entityType: "request",
      entityId: params.id,
      after: { started: job !== undefined, specHash: job?.specHash ?? null },
    });
    const plan = await getRequestPlan(db, principal, params.id);
    if (job === undefined) return ok(plan);
    return {
      status: 202,
      body: { ...plan, running: true },
      after: () => startPlan(job),
    };
  },
);
