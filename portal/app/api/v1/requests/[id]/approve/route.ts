import { ApproveBody } from "#portal/shared/api-schemas";
import { ok, withApi } from "#portal/server/api";
import { approveRequest } from "#portal/server/approval";
import { requestActionRoute } from "#portal/server/requests";

export const POST = withApi(
  { ...requestActionRoute("approve"), body: ApproveBody },
  async ({ db, principal, resource, body, audit }) =>
    ok(await approveRequest(db, principal, resource, body, audit)),
);
