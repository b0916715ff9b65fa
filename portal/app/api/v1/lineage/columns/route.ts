import { ColumnQuery } from "../../../../../shared/lineage/api-schemas";
import { ok, withApi } from "../../../../../server/api";
import { canReadLineage } from "../../../../../server/authz";
import { datasetIdOrThrow } from "../../../../../server/lineage/linking";
import { caughtUp } from "../../../../../server/lineage/projector";
import { columnLineage } from "../../../../../server/lineage/traversal";

/** Where a column comes from (upstream) or goes to (downstream), from `columnLineage` facets. */
export const GET = withApi(
  { auth: "user", query: ColumnQuery, authorize: canReadLineage },
  async ({ db, query }) => {
    await caughtUp(db);
    const id = await datasetIdOrThrow(db, query.namespace, query.name);
    const edges = await columnLineage(db, id, query.field, query.direction, query.depth);
    return ok({
      field: { namespace: query.namespace, name: query.name, field: query.field },
      edges,
    });
  },
);
