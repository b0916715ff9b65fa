import { ok, withApi } from "../../../../../../../server/api";
import { listVersions, productReadRoute } from "../../../../../../../server/versions";

export const GET = withApi(productReadRoute, async ({ db, resource }) =>
  ok(await listVersions(db, resource)),
);
