import { AccessDecisionBody, AccessRequestParams } from "#portal/shared/access-schemas";
import { accessRequestOrThrow, revokeAccess } from "#portal/server/access";
import { ok, withApi } from "#portal/server/api";
import { canRevokeAccess } from "#portal/server/authz";

export const POST = withApi(
  {
    auth: "user",
    params: AccessRequestParams,
    body: AccessDecisionBody,
    load: ({ db, principal, params }) => accessRequestOrThrow(db, principal, params.id),
    authorize: (principal, { resource }) => canRevokeAccess(principal, resource),
    forbidden: "the product's owners, platform admins and the consuming domain revoke a grant",
  },
  async ({ db, principal, resource, body, audit }) =>
    ok(await revokeAccess(db, principal, resource, body.reason, audit)),
);
