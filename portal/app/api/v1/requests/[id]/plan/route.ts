import { RequestIdParams } from "#portal/shared/api-schemas";
import { ok, withApi } from "#portal/server/api";
import { askForPlan, getRequestPlan, startPlan } from "#portal/server/plan-previews";
import { getRequestOrThrow } from "#portal/server/requests";

export const GET = withApi(
  { auth: "user", params: RequestIdParams },
  async ({ db, principal, params }) => ok(await getRequestPlan(db, principal, params.id)),
);

/** 202 while a preview runs (after the answer), 200 when the plan of this spec is known. */
export const POST = withApi(
  {
    auth: "user",
    params: RequestIdParams,
    load: ({ db, principal, params }) => getRequestOrThrow(db, principal, params.id),
  },
  async ({ db, resource, audit }) => {
    const { plan, job } = await askForPlan(db, resource, audit);
    return job === undefined ? ok(plan) : { status: 202, body: plan, after: () => startPlan(job) };
  },
);
