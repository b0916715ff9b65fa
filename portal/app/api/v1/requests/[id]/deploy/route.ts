import { enqueued, withApi } from "#portal/server/api";
import { deployRequest } from "#portal/server/deployments";
import { requestActionRoute } from "#portal/server/requests";

export const POST = withApi(
  requestActionRoute("deploy"),
  async ({ db, principal, resource, audit }) =>
    enqueued(await deployRequest(db, principal, resource, audit)),
);
