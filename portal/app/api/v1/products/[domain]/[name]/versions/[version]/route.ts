import { VersionParams } from "../../../../../../../../shared/api-schemas";
import { ok, withApi } from "../../../../../../../../server/api";
import { canReadCatalog } from "../../../../../../../../server/authz";
import { getVersion, readableProductOrThrow } from "../../../../../../../../server/versions";

export const GET = withApi(
  {
    auth: "user",
    params: VersionParams,
    load: ({ db, principal, params }) =>
      readableProductOrThrow(db, principal, params.domain, params.name),
    authorize: canReadCatalog,
  },
  async ({ db, resource, params }) => ok(await getVersion(db, resource, params.version)),
);
