import { ok, withApi } from "#portal/server/api";
import { mayReadNamespaces } from "#portal/server/authz";
import { ListNamespacesQuery, PrefixParams, listNamespaces } from "#portal/server/iceberg/service";

/** GET /v1/{prefix}/namespaces: one namespace per domain. */
export const GET = withApi(
  {
    auth: "iceberg",
    protocol: "iceberg",
    params: PrefixParams,
    query: ListNamespacesQuery,
    authorize: mayReadNamespaces,
  },
  async ({ db, query }) => ok(await listNamespaces(db, query.parent)),
);
