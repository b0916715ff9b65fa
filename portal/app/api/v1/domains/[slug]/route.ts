import { DomainParams, UpdateDomainBody } from "#portal/shared/api-schemas";
import { ok, withApi } from "#portal/server/api";
import { canAdministerDomains, canReadDomain } from "#portal/server/authz";
import { domainOrThrow, getDomainOrThrow, updateDomain } from "#portal/server/domains";

export const GET = withApi(
  { auth: "user", params: DomainParams, authorize: canReadDomain },
  async ({ db, principal, params }) => ok(await getDomainOrThrow(db, principal, params.slug)),
);

/** Rename, describe, archive or restore the domain (platform admins). */
export const PATCH = withApi(
  {
    auth: "user",
    params: DomainParams,
    body: UpdateDomainBody,
    load: ({ db, params }) => domainOrThrow(db, params.slug),
    authorize: canAdministerDomains,
    forbidden: "only platform admins rename or archive domains",
  },
  async ({ db, principal, resource, body, audit }) =>
    ok(await updateDomain(db, principal, resource, body, audit)),
);
