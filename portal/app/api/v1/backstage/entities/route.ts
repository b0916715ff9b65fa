import { portalConfig } from "#config";
import { BackstageQuery } from "#portal/shared/api-schemas";
import { toCatalogInfo } from "#portal/shared/backstage";
import { ok, okText, withApi } from "#portal/server/api";
import { canReadBackstageEntities } from "#portal/server/authz";
import { backstageEntities } from "#portal/server/backstage";

/** Every domain and live product as Backstage entities: JSON `{items}`, or a YAML stream. */
export const GET = withApi(
  { auth: "user", query: BackstageQuery, authorize: canReadBackstageEntities },
  async ({ db, query }) => {
    const entities = await backstageEntities(db, portalConfig().publicUrl);
    return query.format === "yaml"
      ? okText(toCatalogInfo(entities), "application/yaml")
      : ok({ items: entities });
  },
);
