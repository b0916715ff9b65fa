import { DomainParams } from "../../../../../shared/api-schemas";
import { ok, withApi } from "../../../../../server/api";
import { canReadDomain } from "../../../../../server/authz";
import { getDomainOrThrow } from "../../../../../server/domains";

export const GET = withApi(
  { auth: "user", params: DomainParams, authorize: canReadDomain },
  async ({ db, principal, params }) => ok(await getDomainOrThrow(db, principal, params.slug)),
);
