import { ok, withApi } from "#portal/server/api";
import { mayReadNamespaces } from "#portal/server/authz";
import { catalogConfig } from "#portal/server/iceberg/service";

/** GET /v1/config: the prefix, the OAuth token endpoint and exactly the endpoints served. */
export const GET = withApi(
  { auth: "iceberg", protocol: "iceberg", authorize: mayReadNamespaces },
  () => Promise.resolve(ok(catalogConfig())),
);
