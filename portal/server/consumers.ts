import "server-only";
/**
 * A product's consumers as the viewer may see them (workflow/consumers.ts computes them; lists
 * follow the viewer's product scope, authz.ts `productInScope`).
 */
import type { Db } from "#db/client";
import { productConsumers, type ProductConsumers } from "#workflow/consumers";
import { canReadConsumers, productInScope, productScope, type UserPrincipal } from "./authz";
import { NotFoundError } from "./problems";

/** The product a consumers call is about; one the viewer may not see is answered as missing. */
export async function consumedProductOrThrow(
  db: Db,
  viewer: UserPrincipal,
  domain: string,
  name: string,
) {
  const product = await db.dataProduct.findUnique({
    where: { domain_name: { domain, name } },
    select: { id: true, domain: true, name: true, status: true },
  });
  if (product === null || !canReadConsumers(viewer, product))
    throw new NotFoundError(`no product ${domain}/${name}`);
  return product;
}

export async function consumersFor(
  db: Db,
  viewer: UserPrincipal,
  product: { id: string; domain: string; name: string },
): Promise<ProductConsumers> {
  const all = await productConsumers(db, product);
  const scope = productScope(viewer);
  return { ...all, products: all.products.filter((consumer) => productInScope(scope, consumer)) };
}
