import { ColumnQuery } from "#portal/shared/lineage/api-schemas";
import { ok, withApi } from "#portal/server/api";
import { canReadLineage } from "#portal/server/authz";
import { datasetIdOrThrow } from "#portal/server/lineage/linking";
import { caughtUp } from "#portal/server/lineage/projector";
import { columnLineage } from "#portal/server/lineage/traversal";

/** Where a column comes from (upstream) or goes to (downstream), from `columnLineage` facets. */
export const GET = withApi(
  { auth: "user", query: ColumnQuery, authorize: canReadLineage },
  async ({ db, query }) => {
    await caughtUp(db);
    const id = await datasetIdOrThrow(db, query.namespace, query.name);
    const lineage = await columnLineage(db, id, query.field, query.direction, query.depth);
    return ok({
      field: { namespace: query.namespace, name: query.name, field: query.field },
      ...lineage,
    });
  },
);
