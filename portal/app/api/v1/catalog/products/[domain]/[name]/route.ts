import { CatalogRegistrationBody, ProductParams } from "../../../../../../../shared/api-schemas";
import { created, noContent, ok, withApi } from "../../../../../../../server/api";
import { canWriteCatalog } from "../../../../../../../server/authz";
import { decommissionProduct, registerProduct } from "../../../../../../../server/products";

/** Called by the mesh-catalog resource of every product stack, with the platform token. */
export const PUT = withApi(
  {
    auth: "platform",
    params: ProductParams,
    body: CatalogRegistrationBody,
    authorize: canWriteCatalog,
  },
  async ({ db, params, body, audit }) => {
    const result = await registerProduct(db, params.domain, params.name, body, audit);
    const payload = { domain: params.domain, name: params.name, created: result.created };
    return result.created ? created(payload) : ok(payload);
  },
);

export const DELETE = withApi(
  { auth: "platform", params: ProductParams, authorize: canWriteCatalog },
  async ({ db, params, audit }) => {
    await decommissionProduct(db, params.domain, params.name, audit);
    return noContent();
  },
);
