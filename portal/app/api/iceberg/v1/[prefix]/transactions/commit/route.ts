import { noContent, withApi } from "#portal/server/api";
import { mayCommitTable } from "#portal/server/authz";
import {
  CommitTransactionRequest,
  PrefixParams,
  commitTables,
  loadTableResource,
} from "#portal/server/iceberg/service";
import { projectionAfter } from "#portal/server/lineage/projector";

/**
 * POST /v1/{prefix}/transactions/commit: several tables' commits, atomic: they run in the
 * request's one database transaction, so one failed requirement or lost swap rolls every table
 * back (409), and the tables move together or not at all.
 */
export const POST = withApi(
  {
    auth: "iceberg",
    protocol: "iceberg",
    params: PrefixParams,
    body: CommitTransactionRequest,
    load: async ({ db, principal, body }) => {
      const resources = [];
      for (const change of body["table-changes"]) {
        const namespace = change.identifier.namespace.join(".");
        resources.push(await loadTableResource(db, principal, namespace, change.identifier.name));
      }
      return resources;
    },
    authorize: (principal, { resource }) =>
      resource.every((table) => mayCommitTable(principal, table.product)),
    forbidden: "only each product's own domain and the platform may commit to its table",
  },
  async ({ db, resource, body, transaction, auditRow }) => {
    const events = await commitTables(
      { db, transaction, auditRow },
      resource,
      body["table-changes"],
    );
    return { ...noContent(), ...projectionAfter(events) };
  },
);
