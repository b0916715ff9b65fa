import { ok, withApi } from "#portal/server/api";
import { canReadLineage, productScope } from "#portal/server/authz";
import { slaSummary } from "#portal/server/lineage/service";

/** The latest overall SLA status of every product the caller may see, worst first. */
export const GET = withApi({ auth: "user", authorize: canReadLineage }, async ({ db, principal }) =>
  ok(await slaSummary(db, productScope(principal))),
);
