import { VersionParams } from "#portal/shared/api-schemas";
import { ok, withApi } from "#portal/server/api";
import { getVersion, productReadRoute } from "#portal/server/versions";

export const GET = withApi(
  { ...productReadRoute, params: VersionParams },
  async ({ db, resource, params }) => ok(await getVersion(db, resource, params.version)),
);
