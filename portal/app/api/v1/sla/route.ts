import { ok, withApi } from "../../../../server/api";
import { canReadLineage } from "../../../../server/authz";
import { slaSummary } from "../../../../server/lineage/service";

/** The latest overall SLA status of every product, worst first. */
export const GET = withApi({ auth: "user", authorize: canReadLineage }, async ({ db }) =>
  ok(await slaSummary(db)),
);
