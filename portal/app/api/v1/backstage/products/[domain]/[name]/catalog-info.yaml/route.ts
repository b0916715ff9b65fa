import { portalConfig } from "#config";
import { ProductParams } from "#portal/shared/api-schemas";
import { toCatalogInfo } from "#portal/shared/backstage";
import { okText, withApi } from "#portal/server/api";
import { canReadBackstageEntities } from "#portal/server/authz";
import { productCatalogInfo } from "#portal/server/backstage";

/** A live product's catalog-info.yaml: its domain, System, Resource and API entities. */
export const GET = withApi(
  { auth: "user", params: ProductParams, authorize: canReadBackstageEntities },
  async ({ db, params }) =>
    okText(
      toCatalogInfo(
        await productCatalogInfo(db, params.domain, params.name, portalConfig().publicUrl),
      ),
      "application/yaml",
    ),
);
