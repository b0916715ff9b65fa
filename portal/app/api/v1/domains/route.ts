import { CreateDomainBody } from "#portal/shared/api-schemas";
import { created, ok, withApi } from "#portal/server/api";
import { canAdministerDomains, canReadDomain } from "#portal/server/authz";
import { createDomain, listDomains } from "#portal/server/domains";

export const GET = withApi({ auth: "user", authorize: canReadDomain }, async ({ db }) =>
  ok({ items: await listDomains(db) }),
);

export const POST = withApi(
  {
    auth: "user",
    body: CreateDomainBody,
    authorize: canAdministerDomains,
    forbidden: "only platform admins create domains",
  },
  async ({ db, principal, body, audit }) =>
    created(await createDomain(db, principal, body, audit), `/api/v1/domains/${body.slug}`),
);
