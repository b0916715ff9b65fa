import { CatalogQuery } from "#portal/shared/api-schemas";
import { ok, withApi } from "#portal/server/api";
import { canReadCatalog } from "#portal/server/authz";
import { searchCatalog } from "#portal/server/catalog-search";

export const GET = withApi(
  { auth: "user", query: CatalogQuery, authorize: canReadCatalog },
  async ({ db, principal, query }) => ok(await searchCatalog(db, query, principal)),
);
