/**
 * Provisioning a grant decision (issue #18): the `up` of a cloud product's stack that adds or
 * removes it. Apart from workflow/access.ts because the deployment queue settles deployments,
 * and settling a destroy revokes grants (access.ts): one module each keeps the graph acyclic.
 */
import { DataProductSpec } from "#contract";
import type { Db } from "#db/client";
import { enqueue } from "./deployment-queue";

/** A product as provisioning a grant needs it. */
export interface GrantedProduct {
  id: string;
  domain: string;
  name: string;
  cloud: string;
  status: string;
  spec: unknown;
  stackName: string | null;
  environment: string | null;
}

/**
 * Queues an `up` of a cloud product's stack after one of its grants was approved or revoked: the
 * worker passes the product's grants at run time as `meshplane:grants` (infra/automation). A
 * local product has nothing to provision (the catalog reads the stored grant), and a product not
 * deployed yet gets its grants with its first `up`. Answers the deployment id, if one was queued.
 */
export async function queueGrantUp(
  db: Db,
  product: GrantedProduct,
  startedById: string | undefined,
): Promise<string | undefined> {
  if (product.cloud === "local" || product.status !== "live") return undefined;
  if (product.stackName === null || product.environment === null) return undefined;
  const { deployment } = await enqueue(db, {
    productId: product.id,
    startedById,
    stackName: product.stackName,
    environment: product.environment,
    operation: "up",
    spec: DataProductSpec.parse(product.spec),
  });
  return deployment.id;
}
