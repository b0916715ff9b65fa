import { noContent, ok, withApi } from "#portal/server/api";
import { mayReadNamespaces } from "#portal/server/authz";
import { NamespaceParams, loadNamespace } from "#portal/server/iceberg/service";

const options = {
  auth: "iceberg",
  protocol: "iceberg",
  params: NamespaceParams,
  authorize: mayReadNamespaces,
} as const;

/** GET /v1/{prefix}/namespaces/{namespace}: the domain as a namespace. */
export const GET = withApi(options, async ({ db, params }) =>
  ok(await loadNamespace(db, params.namespace)),
);

/** HEAD /v1/{prefix}/namespaces/{namespace}: 204 when the domain exists, else 404. */
export const HEAD = withApi(options, async ({ db, params }) => {
  await loadNamespace(db, params.namespace);
  return noContent();
});
