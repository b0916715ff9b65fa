import { AccessDecisionBody, AccessRequestParams } from "#portal/shared/access-schemas";
import { accessRequestOrThrow, denyAccess } from "#portal/server/access";
import { ok, withApi } from "#portal/server/api";
import { canDenyAccess } from "#portal/server/authz";

export const POST = withApi(
  {
    auth: "user",
    params: AccessRequestParams,
    body: AccessDecisionBody,
    load: ({ db, principal, params }) => accessRequestOrThrow(db, principal, params.id),
    authorize: (principal, { resource }) => canDenyAccess(principal, resource),
    forbidden: "the product's owners and platform admins deny requests",
  },
  async ({ db, principal, resource, body, audit }) =>
    ok(await denyAccess(db, principal, resource, body.reason, audit)),
);
