import { ApproveBody } from "../../../../../../shared/api-schemas";
import { ok, withApi } from "../../../../../../server/api";
import { approveRequest } from "../../../../../../server/approval";
import { requestActionRoute } from "../../../../../../server/requests";

export const POST = withApi(
  { ...requestActionRoute("approve"), body: ApproveBody },
  async ({ db, principal, resource, body, audit }) =>
    ok(await approveRequest(db, principal, resource, body, audit)),
);
