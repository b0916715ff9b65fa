import { ok, withApi } from "#portal/server/api";
import { mayCommitTable, mayReadNamespaces } from "#portal/server/authz";
import {
  CreateTableRequest,
  NamespaceParams,
  createTable,
  listTables,
  loadTableResource,
} from "#portal/server/iceberg/service";
import { projectionAfter } from "#portal/server/lineage/projector";
import { icebergTableEntityId } from "#workflow/audit";

/** GET /v1/{prefix}/namespaces/{namespace}/tables: the domain's tables the caller may read. */
export const GET = withApi(
  { auth: "iceberg", protocol: "iceberg", params: NamespaceParams, authorize: mayReadNamespaces },
  async ({ db, principal, params }) => ok(await listTables(db, principal, params.namespace)),
);

/**
 * POST /v1/{prefix}/namespaces/{namespace}/tables: creates the table of the domain's product
 * named `name` (every table is a data product's), or with `stage-create` returns its metadata
 * for a later `assert-create` commit.
 */
export const POST = withApi(
  {
    auth: "iceberg",
    protocol: "iceberg",
    params: NamespaceParams,
    body: CreateTableRequest,
    load: ({ db, principal, params, body }) =>
      loadTableResource(db, principal, params.namespace, body.name),
    authorize: (principal, { resource }) => mayCommitTable(principal, resource.product),
    forbidden: "only the product's own domain and the platform may create its table",
  },
  async ({ db, resource, body, audit }) => {
    const result = await createTable(db, resource, body);
    const staged = !("events" in result);
    await audit({
      action: staged ? "iceberg-table.staged" : "iceberg-table.created",
      entityType: "iceberg-table",
      entityId: icebergTableEntityId(resource.product),
      after: staged ? null : { metadataLocation: result["metadata-location"] },
    });
    if (!("events" in result)) return ok(result);
    const { events, ...answer } = result;
    return { ...ok(answer), ...projectionAfter(events) };
  },
);
