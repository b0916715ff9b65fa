import { noContent, okText, withApi } from "#portal/server/api";
import { mayCommitTable, mayDropTable, mayReadTable } from "#portal/server/authz";
import {
  CommitTableRequest,
  TableParams,
  commit,
  commitResponseText,
  loadCommitResource,
  loadTableResource,
  loadTableText,
  notModified,
  requireListed,
  requireRow,
  tableEtag,
} from "#portal/server/iceberg/service";
import { tableHeads, tableTexts } from "#portal/server/iceberg/head-cache";
import { projectionAfter } from "#portal/server/lineage/projector";

const readOptions = {
  auth: "iceberg",
  protocol: "iceberg",
  params: TableParams,
  // The metadata text this process last read comes back only when the row has moved since.
  load: ({ db, principal, params }) =>
    loadTableResource(db, principal, params.namespace, params.table, tableTexts),
  authorize: (principal, { resource }) =>
    mayReadTable(principal, resource.product, resource.grants, resource.now),
  forbidden: "this product's table is read by its own domain and the domains granted access",
} satisfies Parameters<
  typeof withApi<
    "iceberg",
    undefined,
    undefined,
    typeof TableParams,
    Awaited<ReturnType<typeof loadTableResource>>
  >
>[0];

/** GET …/tables/{table}: LoadTableResult with an ETag; If-None-Match on it answers 304. */
export const GET = withApi(readOptions, ({ resource, request }) => {
  const row = requireRow(resource);
  const etag = tableEtag(row);
  if (notModified(request.headers.get("if-none-match"), etag))
    return Promise.resolve({ status: 304, headers: { etag } });
  return Promise.resolve({
    status: 200,
    text: loadTableText(row, resource.product),
    headers: { etag, "content-type": "application/json" },
  });
});

/** HEAD …/tables/{table}: 204 when the table exists and the caller may read it. */
export const HEAD = withApi(readOptions, ({ resource }) => {
  requireListed(resource);
  return Promise.resolve(noContent());
});

/**
 * POST …/tables/{table}: CommitTableRequest. Requirements are checked and the new metadata
 * written inside the compare-and-swap (workflow/iceberg-catalog.ts): 409 CommitFailedException
 * when another commit won. The head and product come from this process's cache when it has them
 * (`cached`, no read): the swap only moves from that head while the product row is unchanged, and
 * a miss reads afresh, authorizes again and retries once. "on-demand": the swap and its audit
 * row are one statement, the transaction only for a create or a schema change (service.ts commit).
 */
export const POST = withApi(
  {
    auth: "iceberg",
    protocol: "iceberg",
    params: TableParams,
    body: CommitTableRequest,
    cached: ({ params }) => tableHeads.get(params.namespace, params.table),
    load: ({ db, principal, params }) =>
      loadCommitResource(tableHeads, db, principal, params.namespace, params.table),
    authorize: (principal, { resource }) => mayCommitTable(principal, resource.product),
    forbidden: "only the product's own domain and the platform may commit to its table",
    transaction: "on-demand",
  },
  async ({ db, resource, body, transaction, auditRow, cached }) => {
    const committed = await commit({ db, transaction, auditRow }, resource, body, {
      heads: tableHeads,
      cached,
    });
    return {
      ...okText(commitResponseText(committed), "application/json"),
      ...projectionAfter(committed.events),
    };
  },
);

/** DELETE …/tables/{table}: refused; a product's table goes with its decommission request. */
export const DELETE = withApi(
  {
    auth: "iceberg",
    protocol: "iceberg",
    params: TableParams,
    load: ({ db, principal, params }) =>
      loadTableResource(db, principal, params.namespace, params.table),
    authorize: mayDropTable,
    forbidden:
      "tables are not dropped through the catalog: decommission the data product (a decommission request) instead",
  },
  () => Promise.resolve(noContent()),
);
