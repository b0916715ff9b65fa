import { LineageNodeParams, LineageRunsQuery } from "#portal/shared/lineage/api-schemas";
import { ok, withApi } from "#portal/server/api";
import { canReadLineage } from "#portal/server/authz";
import { lineageRuns } from "#portal/server/lineage/details";

/** A job's run history, newest first: state, times, error message, parent run, nominal time. */
export const GET = withApi(
  { auth: "user", params: LineageNodeParams, query: LineageRunsQuery, authorize: canReadLineage },
  async ({ db, params, query }) => ok(await lineageRuns(db, params.namespace, params.name, query)),
);
