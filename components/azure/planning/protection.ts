/** Resource options that keep a product's data stores from being destroyed by accident. */
import type * as pulumi from "@pulumi/pulumi";
import type { TierPolicy } from "#contract";

/**
 * Every data store (storage account, container, Key Vault and key, backup vault, and the resource
 * group that holds them) is retained when Pulumi deletes it: a destroy, a rename or a replacement
 * only forgets it, and the data stays in Azure. Gold data stores are also `protect`ed, so Pulumi
 * refuses to delete or replace them at all until the protection is lifted on purpose.
 */
export function dataStoreOptions(
  policy: Pick<TierPolicy, "protectDataStores">,
): Pick<pulumi.CustomResourceOptions, "retainOnDelete" | "protect"> {
  return { retainOnDelete: true, protect: policy.protectDataStores };
}
