import { MemberParams } from "../../../../../../../shared/api-schemas";
import { ok, withApi } from "../../../../../../../server/api";
import { canManageMembers } from "../../../../../../../server/authz";
import { domainOrThrow, removeMember } from "../../../../../../../server/domains";

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
