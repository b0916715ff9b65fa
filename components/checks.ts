/**
 * Argument checks and resource options every cloud's components share: an error names the
 * component and the argument, and a data store is kept the same way on every cloud.
 */
import type { Cloud, TierPolicy } from "#contract";
import type { ProductContext } from "./context";

/** Fails unless `context` is given and targets `cloud`. */
export function checkContextCloud(
  context: ProductContext | undefined,
  component: string,
  cloud: Cloud,
): void {
  if (context === undefined) throw new Error(`${component}: the context arg is required`);
  const target = context.spec.target.cloud;
  if (target !== cloud) throw new Error(`${component}: context targets ${target}, not ${cloud}`);
}

/** For callers without type checking (plain JavaScript, config): a missing argument by name. */
export function requireArg(value: unknown, component: string, arg: string): void {
  if (value === undefined) throw new Error(`${component}: the ${arg} arg is required`);
}

/**
 * Options of data stores (buckets, keys, key vaults, backup vaults, catalog tables, the resource
 * group or warehouse directory that holds them): every tier keeps them when Pulumi deletes them,
 * so a destroy, a rename or a replacement only forgets them and the data stays; gold also
 * refuses an explicit destroy until the protection is lifted on purpose (contract/tiers.ts
 * `protectDataStores`).
 */
export function dataStoreOptions(policy: Pick<TierPolicy, "protectDataStores">): {
  retainOnDelete: true;
  protect: boolean;
} {
  return { retainOnDelete: true, protect: policy.protectDataStores };
}
