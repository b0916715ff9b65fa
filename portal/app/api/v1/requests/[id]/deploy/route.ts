import { enqueued, withApi } from "../../../../../../server/api";
import { deployRequest } from "../../../../../../server/deployments";
import { requestActionRoute } from "../../../../../../server/requests";

export const POST = withApi(
  requestActionRoute("deploy"),
  async ({ db, principal, resource, audit }) =>
    enqueued(await deployRequest(db, principal, resource, audit)),
);
