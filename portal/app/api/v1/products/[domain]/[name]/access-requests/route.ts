import { AccessRequestBody } from "#portal/shared/access-schemas";
import { ProductParams } from "#portal/shared/api-schemas";
import { accessProductOrThrow, listAccessRequests, requestAccess } from "#portal/server/access";
import { created, ok, withApi } from "#portal/server/api";
import { canListAccessRequests, canRequestAccess } from "#portal/server/authz";

/** The product's access requests and grants: all for its owners and admins, else your domains'. */
export const GET = withApi(
  {
    auth: "user",
    params: ProductParams,
    load: ({ db, principal, params }) =>
      accessProductOrThrow(db, principal, params.domain, params.name),
    authorize: (principal, { resource }) => canListAccessRequests(principal, resource),
  },
  async ({ db, principal, resource }) => ok(await listAccessRequests(db, principal, resource)),
);

/** Asks for read access on behalf of a domain you are a member of (docs/access.md). */
export const POST = withApi(
  {
    auth: "user",
    params: ProductParams,
    body: AccessRequestBody,
    load: ({ db, principal, params }) =>
      accessProductOrThrow(db, principal, params.domain, params.name),
    authorize: (principal, { body, resource }) =>
      canRequestAccess(principal, body.consumer, resource),
    forbidden:
      "ask on behalf of a domain you are a member of, for another domain's product that is not decommissioned",
  },
  async ({ db, principal, resource, body, audit }) => {
    const view = await requestAccess(db, principal, resource, body, audit);
    return created(view, `/api/v1/access-requests/${view.id}`);
  },
);
