import { AddMemberBody, DomainParams } from "#portal/shared/api-schemas";
import { ok, withApi } from "#portal/server/api";
import { canManageMembers } from "#portal/server/authz";
import { domainOrThrow, setMember } from "#portal/server/domains";

export const POST = withApi(
  {
    auth: "user",
    params: DomainParams,
    body: AddMemberBody,
    load: ({ db, params }) => domainOrThrow(db, params.slug),
    authorize: (user, { params }) => canManageMembers(user, params.slug),
    forbidden: "only the domain's owners (and platform admins) manage its members",
  },
  async ({ db, principal, resource, body, audit }) =>
    ok(await setMember(db, principal, resource, body, audit)),
);
