import { ok, withApi } from "../../../../../../server/api";
import { requestActionRoute, takeAction } from "../../../../../../server/requests";

export const POST = withApi(
  requestActionRoute("reopen"),
  async ({ db, principal, resource, audit }) =>
    ok(await takeAction(db, principal, resource, "reopen", undefined, audit)),
);
