import { CreateRequestBody, RequestListQuery } from "#portal/shared/api-schemas";
import { created, ok, withApi } from "#portal/server/api";
import { canCreateRequest, requestScope } from "#portal/server/authz";
import {
  createRequest,
  listRequests,
  requestDomain,
  requestFilters,
} from "#portal/server/requests";

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
