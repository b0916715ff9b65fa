import { VersionCompareQuery } from "../../../../../../../../shared/api-schemas";
import { ok, withApi } from "../../../../../../../../server/api";
import { compareVersions, productReadRoute } from "../../../../../../../../server/versions";

export const GET = withApi(
  { ...productReadRoute, query: VersionCompareQuery },
  async ({ db, resource, query }) => ok(await compareVersions(db, resource, query.from, query.to)),
);
