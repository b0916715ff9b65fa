/**
 * Built-in Azure role definitions the components assign, and the scopes they assign them at.
 * Ids are Microsoft's fixed built-in role GUIDs (learn.microsoft.com/azure/role-based-access-control/
 * built-in-roles); role assignments want them as subscription-scoped resource ids.
 */

export const BUILT_IN_ROLES = {
  /** Wrap/unwrap with a key: what a storage account's identity needs for customer-managed keys. */
  "Key Vault Crypto Service Encryption User": "e147488a-f6f5-4113-8e2d-b22465e65bf6",
  /** Read and list blobs: the inference function's only right on product data. */
  "Storage Blob Data Reader": "2a2b9908-6ea1-4ae2-8e65-a410df84e7d1",
  /** Read, write and delete blobs: Event Grid writing dead letters into one container. */
  "Storage Blob Data Contributor": "ba92f5b4-2d11-453d-a403-e96b0029c9fe",
  /** Full blob data access: the function's own runtime storage (host state, deployment package). */
  "Storage Blob Data Owner": "b7e6dc6d-f1e8-4753-8033-0f276bb0955b",
  /** What a Backup vault's identity needs on the storage account it backs up. */
  "Storage Account Backup Contributor": "e5e2a7ff-d759-4cd2-bb51-3152d37e2eb1",
  /** Send telemetry to an Application Insights resource whose local (key) auth is off. */
  "Monitoring Metrics Publisher": "3913510d-42f4-4e42-8a64-420c390055eb",
} as const;

export type BuiltInRole = keyof typeof BUILT_IN_ROLES;

export function roleDefinitionId(subscriptionId: string, role: BuiltInRole): string {
  return `/subscriptions/${subscriptionId}/providers/Microsoft.Authorization/roleDefinitions/${BUILT_IN_ROLES[role]}`;
}

/** ARM scope of one blob container: narrower than the account, so a grant reaches one product. */
export function containerScope(storageAccountId: string, container: string): string {
  return `${storageAccountId}/blobServices/default/containers/${container}`;
}
