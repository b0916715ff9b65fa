import { CreateRequestBody, RequestListQuery } from "../../../../shared/api-schemas";
import { created, ok, withApi } from "../../../../server/api";
import { canCreateRequest, requestScope } from "../../../../server/authz";
import {
  createRequest,
  listRequests,
  requestDomain,
  requestFilters,
} from "../../../../server/requests";

export const GET = withApi(
  { auth: "user", query: RequestListQuery },
  async ({ db, principal, query }) =>
    ok(await listRequests(db, requestScope(principal), requestFilters(query, principal))),
);

export const POST = withApi(
  {
    auth: "user",
    body: CreateRequestBody,
    authorize: (user, { body }) => canCreateRequest(user, requestDomain(body)),
    forbidden: "only members of a domain file requests for it",
  },
  async ({ db, principal, body, audit }) => {
    const request = await createRequest(db, principal, body, audit);
    return created(request, `/api/v1/requests/${request.id}`);
  },
);
