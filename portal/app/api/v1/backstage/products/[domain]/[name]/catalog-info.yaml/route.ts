import { portalConfig } from "#config";
import { ProductParams } from "../../../../../../../../shared/api-schemas";
import { toCatalogInfo } from "../../../../../../../../shared/backstage";
import { okText, withApi } from "../../../../../../../../server/api";
import { canReadBackstageEntities } from "../../../../../../../../server/authz";
import { productCatalogInfo } from "../../../../../../../../server/backstage";

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
