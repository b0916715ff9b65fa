import { GraphQuery } from "#portal/shared/lineage/api-schemas";
import { ok, withApi } from "#portal/server/api";
import { canReadLineage, productScope } from "#portal/server/authz";
import { lineageGraph } from "#portal/server/lineage/service";

export const GET = withApi(
  { auth: "user", query: GraphQuery, authorize: canReadLineage },
  async ({ db, principal, query }) => ok(await lineageGraph(db, productScope(principal), query)),
);
