import { DomainAccessQuery } from "#portal/shared/access-schemas";
import { DomainParams } from "#portal/shared/api-schemas";
import { domainAccess } from "#portal/server/access";
import { ok, withApi } from "#portal/server/api";
import { canReadDomainAccess } from "#portal/server/authz";
import { domainOrThrow } from "#portal/server/domains";

/** What the domain consumes and who consumes its products (docs/access.md): its members, admins. */
export const GET = withApi(
  {
    auth: "user",
    params: DomainParams,
    query: DomainAccessQuery,
    load: ({ db, params }) => domainOrThrow(db, params.slug),
    authorize: (principal, { resource }) => canReadDomainAccess(principal, resource),
    forbidden: "only the domain's members and platform admins see its access requests and grants",
  },
  async ({ db, principal, params, query }) =>
    ok(await domainAccess(db, principal, params.slug, query.state)),
);
