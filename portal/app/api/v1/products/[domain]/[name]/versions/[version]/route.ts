import { VersionParams } from "../../../../../../../../shared/api-schemas";
import { ok, withApi } from "../../../../../../../../server/api";
import { getVersion, productReadRoute } from "../../../../../../../../server/versions";

export const GET = withApi(
  { ...productReadRoute, params: VersionParams },
  async ({ db, resource, params }) => ok(await getVersion(db, resource, params.version)),
);
