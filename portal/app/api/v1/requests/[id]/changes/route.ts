import { RequestIdParams } from "#portal/shared/api-schemas";
import { ok, withApi } from "#portal/server/api";
import { canReadRequest } from "#portal/server/authz";
import { getRequestOrThrow } from "#portal/server/requests";
import { requestChanges } from "#portal/server/versions";

export const GET = withApi(
  {
    auth: "user",
    params: RequestIdParams,
    load: ({ db, principal, params }) => getRequestOrThrow(db, principal, params.id),
    authorize: (user, { resource }) => canReadRequest(user, resource),
  },
  async ({ db, resource }) => ok(await requestChanges(db, resource)),
);
