import { DecisionBody } from "../../../../../../shared/api-schemas";
import { ok, withApi } from "../../../../../../server/api";
import { requestActionRoute, takeAction } from "../../../../../../server/requests";

export const POST = withApi(
  { ...requestActionRoute("reject"), body: DecisionBody },
  async ({ db, principal, resource, body, audit }) =>
    ok(await takeAction(db, principal, resource, "reject", body.reason, audit)),
);
