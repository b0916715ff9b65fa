import { ProductParams, VersionCompareQuery } from "../../../../../../../../shared/api-schemas";
import { ok, withApi } from "../../../../../../../../server/api";
import { canReadCatalog } from "../../../../../../../../server/authz";
import { compareVersions, readableProductOrThrow } from "../../../../../../../../server/versions";

export const GET = withApi(
  {
    auth: "user",
    params: ProductParams,
    query: VersionCompareQuery,
    load: ({ db, principal, params }) =>
      readableProductOrThrow(db, principal, params.domain, params.name),
    authorize: canReadCatalog,
  },
  async ({ db, resource, query }) => ok(await compareVersions(db, resource, query.from, query.to)),
);
