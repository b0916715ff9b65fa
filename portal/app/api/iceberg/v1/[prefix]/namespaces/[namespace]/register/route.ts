import { ok, withApi } from "#portal/server/api";
import { mayCommitTable } from "#portal/server/authz";
import {
  NamespaceParams,
  RegisterTableRequest,
  loadTableResource,
  register,
} from "#portal/server/iceberg/service";
import { projectionAfter } from "#portal/server/lineage/projector";
import { icebergTableEntityId } from "#workflow/audit";

/**
 * POST /v1/{prefix}/namespaces/{namespace}/register: makes an existing metadata file the table's
 * current version (the table of the domain's product named `name`); `overwrite` moves an
 * existing entry.
 */
export const POST = withApi(
  {
    auth: "iceberg",
    protocol: "iceberg",
    params: NamespaceParams,
    body: RegisterTableRequest,
    load: ({ db, principal, params, body }) =>
      loadTableResource(db, principal, params.namespace, body.name),
    authorize: (principal, { resource }) => mayCommitTable(principal, resource.product),
    forbidden: "only the product's own domain and the platform may register its table",
  },
  async ({ db, resource, body, audit }) => {
    const { registered, body: result, events } = await register(db, resource, body);
    await audit({
      action: registered.created ? "iceberg-table.registered" : "iceberg-table.re-registered",
      entityType: "iceberg-table",
      entityId: icebergTableEntityId(resource.product),
      before: resource.row === null ? null : { metadataLocation: resource.row.metadataLocation },
      after: { metadataLocation: registered.metadataLocation },
    });
    return { ...ok(result), ...projectionAfter(events) };
  },
);
