import { ok, withApi } from "../../../../../../server/api";
import { requestActionRoute, takeAction } from "../../../../../../server/requests";

export const POST = withApi(
  requestActionRoute("withdraw"),
  async ({ db, principal, resource, audit }) =>
    ok(await takeAction(db, principal, resource, "withdraw", undefined, audit)),
);
