import { CatalogQuery } from "../../../../shared/api-schemas";
import { ok, withApi } from "../../../../server/api";
import { canReadCatalog } from "../../../../server/authz";
import { searchCatalog } from "../../../../server/catalog-search";

export const GET = withApi(
  { auth: "user", query: CatalogQuery, authorize: canReadCatalog },
  async ({ db, query }) => ok(await searchCatalog(db, query)),
);
