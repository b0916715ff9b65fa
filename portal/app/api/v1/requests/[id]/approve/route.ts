import { DecisionBody, RequestIdParams } from "../../../../../../shared/api-schemas";
import { ok, withApi } from "../../../../../../server/api";
import { canTakeAction } from "../../../../../../server/authz";
import { takeAction } from "../../../../../../server/requests";

export const POST = withApi(
  {
    auth: "user",
    params: RequestIdParams,
    body: DecisionBody,
    // Only platform admins review, whatever the domain.
    authorize: (user) => canTakeAction(user, "approve", { domain: "" }),
  },
  async ({ db, principal, params, body, audit }) =>
    ok(await takeAction(db, principal, params.id, "approve", body.reason, audit)),
);
