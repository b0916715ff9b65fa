import { RequestIdParams } from "../../../../../../shared/api-schemas";
import { enqueued, withApi } from "../../../../../../server/api";
import { canRunDeployments } from "../../../../../../server/authz";
import { previewRequest } from "../../../../../../server/deployments";
import { getRequestOrThrow } from "../../../../../../server/requests";

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
