import { LineageNodeParams } from "#portal/shared/lineage/api-schemas";
import { ok, withApi } from "#portal/server/api";
import { canReadLineage } from "#portal/server/authz";
import { lineageJob } from "#portal/server/lineage/details";

/** A job's facets (SQL, source code location, job type, documentation), inputs, outputs, latest run. */
export const GET = withApi(
  { auth: "user", params: LineageNodeParams, authorize: canReadLineage },
  async ({ db, params }) => ok(await lineageJob(db, params.namespace, params.name)),
);
