import { parseDataProductSpec } from "#contract";
import { RequestIdParams } from "../../../../../../shared/api-schemas";
import { ok, withApi } from "../../../../../../server/api";
import { getRequestPlan, requestPlan, startPlan } from "../../../../../../server/plan-previews";
import { ConflictError, ValidationError } from "../../../../../../server/problems";
import { getRequestOrThrow } from "../../../../../../server/requests";

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
    const parsed = parseDataProductSpec(row.spec);
    if (!parsed.success)
      throw new ValidationError(
        parsed.issues.map((issue) => ({
          path: issue.path === "" ? "spec" : `spec.${issue.path}`,
          message: issue.message,
        })),
      );
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
