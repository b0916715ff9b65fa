import { VersionCompareQuery } from "#portal/shared/api-schemas";
import { ok, withApi } from "#portal/server/api";
import { compareVersions, productReadRoute } from "#portal/server/versions";

export const GET = withApi(
  { ...productReadRoute, query: VersionCompareQuery },
  async ({ db, resource, query }) => ok(await compareVersions(db, resource, query.from, query.to)),
);
