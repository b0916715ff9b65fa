import "server-only";
/**
 * A product's consumers as the viewer may see them (workflow/consumers.ts computes them; lists,
 * counts and the products observed jobs wrote follow the viewer's product scope, authz.ts
 * `productInScope`).
 */
import type { Db } from "#db/client";
import {
  accessGrantConsumers,
  productConsumers,
  type ConsumerVisibility,
  type ProductConsumers,
} from "#workflow/consumers";
import { consumerImpact, type ConsumerImpact } from "#workflow/request-notifications";
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

/** The consumers the viewer may see: products out of their scope are left out everywhere. */
export function consumersVisibleTo(viewer: UserPrincipal): ConsumerVisibility {
  const scope = productScope(viewer);
  return (product) => productInScope(scope, product);
}

export async function consumersFor(
  db: Db,
  viewer: UserPrincipal,
  product: { id: string; domain: string; name: string },
): Promise<ProductConsumers> {
  return productConsumers(db, product, accessGrantConsumers, consumersVisibleTo(viewer));
}

/**
 * For a request page and the review queue: the consumers of the product an update or
 * decommission is about, the breaking changes, and whether they will be told.
 */
export function requestConsumerImpact(
  db: Db,
  viewer: UserPrincipal,
  request: {
    kind: "create" | "update" | "decommission";
    domain: string;
    name: string;
    spec: unknown;
  },
): Promise<ConsumerImpact | undefined> {
  return consumerImpact(db, request, consumersVisibleTo(viewer));
}
