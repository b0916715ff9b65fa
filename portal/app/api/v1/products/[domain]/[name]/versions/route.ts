import { ok, withApi } from "#portal/server/api";
import { listVersions, productReadRoute } from "#portal/server/versions";

export const GET = withApi(productReadRoute, async ({ db, resource }) =>
  ok(await listVersions(db, resource)),
);
