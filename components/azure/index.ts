/** Azure building blocks of a data product, and the Azure DataProduct deployment. */
export { AccessGrant, type AccessGrantArgs } from "./access-grant";
export { CustomerManagedKey, type CustomerManagedKeyArgs } from "./customer-managed-key";
export { deployAzure } from "./deploy";
export { GeoBackup, type GeoBackupArgs } from "./geo-backup";
export { IcebergStorage, type IcebergStorageArgs } from "./iceberg-storage";
export { InferenceFunction, type InferenceFunctionArgs } from "./inference-function";
export { StorageLifecycle, type StorageLifecycleArgs } from "./storage-lifecycle";
export type { CustomerManagedKeyRef } from "./planning/storage";
