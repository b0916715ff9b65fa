import { ok, withApi } from "#portal/server/api";
import { requestActionRoute, takeAction } from "#portal/server/requests";

export const POST = withApi(
  requestActionRoute("withdraw"),
  async ({ db, principal, resource, audit }) =>
    ok(await takeAction(db, principal, resource, "withdraw", undefined, audit)),
);
