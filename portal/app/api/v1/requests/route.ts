import { CreateRequestBody, RequestListQuery } from "../../../../shared/api-schemas";
import { created, ok, withApi } from "../../../../server/api";
import { createRequest, listRequests } from "../../../../server/requests";

export const GET = withApi(
  { auth: "user", query: RequestListQuery },
  async ({ db, principal, query }) => ok(await listRequests(db, principal, query)),
);

export const POST = withApi(
  { auth: "user", body: CreateRequestBody },
  async ({ db, principal, body, audit }) => {
    const request = await createRequest(db, principal, body, audit);
    return created(request, `/api/v1/requests/${request.id}`);
  },
);
