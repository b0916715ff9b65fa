import { RequestIdParams } from "#portal/shared/api-schemas";
import { enqueued, withApi } from "#portal/server/api";
import { canRunDeployments } from "#portal/server/authz";
import { previewRequest } from "#portal/server/deployments";
import { getRequestOrThrow } from "#portal/server/requests";

export const POST = withApi(
  {
    auth: "user",
    params: RequestIdParams,
    authorize: canRunDeployments,
    load: ({ db, principal, params }) => getRequestOrThrow(db, principal, params.id),
  },
  async ({ db, principal, resource, audit }) =>
    enqueued(await previewRequest(db, principal, resource, audit)),
);
