import { ok, withApi } from "../../../../../server/api";
import { mayReadNamespaces } from "../../../../../server/authz";
import { catalogConfig } from "../../../../../server/iceberg/service";

/** GET /v1/config: the prefix, the OAuth token endpoint and exactly the endpoints served. */
export const GET = withApi(
  { auth: "iceberg", protocol: "iceberg", authorize: mayReadNamespaces },
  () => Promise.resolve(ok(catalogConfig())),
);
