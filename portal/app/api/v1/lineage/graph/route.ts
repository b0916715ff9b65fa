import { GraphQuery } from "../../../../../shared/lineage/api-schemas";
import { ok, withApi } from "../../../../../server/api";
import { canReadLineage, productScope } from "../../../../../server/authz";
import { lineageGraph } from "../../../../../server/lineage/service";

export const GET = withApi(
  { auth: "user", query: GraphQuery, authorize: canReadLineage },
  async ({ db, principal, query }) => ok(await lineageGraph(db, productScope(principal), query)),
);
