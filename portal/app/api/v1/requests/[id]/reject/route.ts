import { DecisionBody } from "#portal/shared/api-schemas";
import { ok, withApi } from "#portal/server/api";
import { requestActionRoute, takeAction } from "#portal/server/requests";

export const POST = withApi(
  { ...requestActionRoute("reject"), body: DecisionBody },
  async ({ db, principal, resource, body, audit }) =>
    ok(await takeAction(db, principal, resource, "reject", body.reason, audit)),
);
