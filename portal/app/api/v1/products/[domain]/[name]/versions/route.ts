import { ProductParams } from "../../../../../../../shared/api-schemas";
import { ok, withApi } from "../../../../../../../server/api";
import { canReadCatalog } from "../../../../../../../server/authz";
import { listVersions, readableProductOrThrow } from "../../../../../../../server/versions";

export const GET = withApi(
  {
    auth: "user",
    params: ProductParams,
    load: ({ db, principal, params }) =>
      readableProductOrThrow(db, principal, params.domain, params.name),
    authorize: canReadCatalog,
  },
  async ({ db, resource }) => ok(await listVersions(db, resource)),
);
