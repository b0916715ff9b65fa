import { MemberParams } from "#portal/shared/api-schemas";
import { ok, withApi } from "#portal/server/api";
import { canManageMembers } from "#portal/server/authz";
import { domainOrThrow, removeMember } from "#portal/server/domains";

export const DELETE = withApi(
  {
    auth: "user",
    params: MemberParams,
    load: ({ db, params }) => domainOrThrow(db, params.slug),
    authorize: (user, { params }) => canManageMembers(user, params.slug),
    forbidden: "only the domain's owners (and platform admins) manage its members",
  },
  async ({ db, principal, resource, params, audit }) =>
    ok(await removeMember(db, principal, resource, params.userId, audit)),
);
