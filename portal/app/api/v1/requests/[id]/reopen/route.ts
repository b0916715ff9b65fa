import { RequestIdParams } from "../../../../../../shared/api-schemas";
import { ok, withApi } from "../../../../../../server/api";
import { takeAction } from "../../../../../../server/requests";

export const POST = withApi(
  { auth: "user", params: RequestIdParams },
  async ({ db, principal, params, audit }) =>
    ok(await takeAction(db, principal, params.id, "reopen", undefined, audit)),
);
