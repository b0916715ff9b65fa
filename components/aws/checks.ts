/** Argument checks and resource options shared by the AWS components: errors name the argument. */
import type { ProductContext } from "../context";

export function checkAwsContext(context: ProductContext | undefined, component: string): void {
  if (context === undefined) throw new Error(`${component}: the context arg is required`);
  const cloud = context.spec.target.cloud;
  if (cloud !== "aws") throw new Error(`${component}: context targets ${cloud}, not aws`);
}

export function requireArg(value: unknown, component: string, arg: string): void {
  if (value === undefined) throw new Error(`${component}: the ${arg} arg is required`);
}

/**
 * Options of data stores (buckets, KMS keys, backup vaults, the Glue table): every tier keeps
 * them when the stack deletes them, and gold also refuses an explicit destroy until the
 * protection is lifted (contract/tiers.ts `protectDataStores`).
 */
export function dataStoreOptions(context: ProductContext): {
  retainOnDelete: true;
  protect: boolean;
} {
  return { retainOnDelete: true, protect: context.policy.protectDataStores };
}
