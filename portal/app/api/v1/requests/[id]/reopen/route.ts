import { ok, withApi } from "#portal/server/api";
import { requestActionRoute, takeAction } from "#portal/server/requests";

export const POST = withApi(
  requestActionRoute("reopen"),
  async ({ db, principal, resource, audit }) =>
    ok(await takeAction(db, principal, resource, "reopen", undefined, audit)),
);
