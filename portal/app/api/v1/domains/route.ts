import { ok, withApi } from "../../../../server/api";
import { canReadDomain } from "../../../../server/authz";
import { listDomains } from "../../../../server/domains";

export const GET = withApi({ auth: "user", authorize: canReadDomain }, async ({ db }) =>
  ok({ items: await listDomains(db) }),
);
