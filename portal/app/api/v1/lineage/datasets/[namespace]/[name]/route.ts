import { LineageNodeParams } from "#portal/shared/lineage/api-schemas";
import { ok, withApi } from "#portal/server/api";
import { canReadLineage, productScope } from "#portal/server/authz";
import { lineageDataset } from "#portal/server/lineage/details";

/** A dataset's facets (schema, documentation, ownership, symlinks), columns, producers, consumers. */
export const GET = withApi(
  { auth: "user", params: LineageNodeParams, authorize: canReadLineage },
  async ({ db, principal, params }) =>
    ok(await lineageDataset(db, productScope(principal), params.namespace, params.name)),
);
