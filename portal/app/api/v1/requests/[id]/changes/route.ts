import { RequestIdParams } from "../../../../../../shared/api-schemas";
import { ok, withApi } from "../../../../../../server/api";
import { canReadRequest } from "../../../../../../server/authz";
import { getRequestOrThrow } from "../../../../../../server/requests";
import { requestChanges } from "../../../../../../server/versions";

export const GET = withApi(
  {
    auth: "user",
    params: RequestIdParams,
    load: ({ db, principal, params }) => getRequestOrThrow(db, principal, params.id),
    authorize: (user, { resource }) => canReadRequest(user, resource),
  },
  async ({ db, resource }) => ok(await requestChanges(db, resource)),
);
