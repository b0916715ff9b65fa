import {
  CatalogDecommissionQuery,
  CatalogRegistrationBody,
  ProductParams,
} from "#portal/shared/api-schemas";
import { createdOrOk, noContent, withApi } from "#portal/server/api";
import { canWriteCatalog } from "#portal/server/authz";
import { decommissionProduct, registerProduct } from "#portal/server/products";

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
    return createdOrOk(result.created, payload);
  },
);

/**
 * Called when a product stack is destroyed. 204 also when another stack registered the product
 * and it is left alone: MeshCatalogEntry fails the destroy on any other answer than 2xx and 404,
 * and destroying a stack that does not own the catalog entry must still complete.
 */
export const DELETE = withApi(
  {
    auth: "platform",
    params: ProductParams,
    query: CatalogDecommissionQuery,
    authorize: canWriteCatalog,
  },
  async ({ db, params, query, audit }) => {
    await decommissionProduct(db, params.domain, params.name, query.stack, audit);
    return noContent();
  },
);
