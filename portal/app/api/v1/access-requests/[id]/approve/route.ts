import { AccessDecisionBody, AccessRequestParams } from "#portal/shared/access-schemas";
import { accessRequestOrThrow, approveAccess } from "#portal/server/access";
import { ok, withApi } from "#portal/server/api";
import { canApproveAccess } from "#portal/server/authz";

export const POST = withApi(
  {
    auth: "user",
    params: AccessRequestParams,
    body: AccessDecisionBody,
    load: ({ db, principal, params }) => accessRequestOrThrow(db, principal, params.id),
    authorize: (principal, { resource }) => canApproveAccess(principal, resource),
    forbidden: "the product's owners approve, and a platform admin too for a restricted product",
  },
  async ({ db, principal, resource, body, audit }) =>
    ok(await approveAccess(db, principal, resource, body.reason, audit)),
);
