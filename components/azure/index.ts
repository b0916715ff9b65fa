/** Azure building blocks of a data product, and the Azure DataProduct deployment. */
export { CustomerManagedKey, type CustomerManagedKeyArgs } from "./customerManagedKey";
export { deployAzure } from "./deploy";
export { GeoBackup, type GeoBackupArgs } from "./geoBackup";
export { IcebergStorage, type IcebergStorageArgs } from "./icebergStorage";
export { InferenceFunction, type InferenceFunctionArgs } from "./inferenceFunction";
export { StorageLifecycle, type StorageLifecycleArgs } from "./storageLifecycle";
export type { CustomerManagedKeyRef } from "./planning/storage";
