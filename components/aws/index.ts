/** The AWS building blocks of a data product, usable on their own, and `deployAws`. */
export { AccessGrant } from "./access-grant";
export type { AccessGrantArgs } from "./access-grant";
export {
  CatalogRegistration,
  lookupDomainDatabase,
  missingDatabaseMessage,
} from "./catalog-registration";
export type { CatalogRegistrationArgs } from "./catalog-registration";
export { deployAws } from "./deploy";
export { DomainCatalog } from "./domain-catalog";
export type { DomainCatalogArgs } from "./domain-catalog";
export { GeoBackup } from "./geo-backup";
export type { GeoBackupArgs } from "./geo-backup";
export { IcebergStorage } from "./iceberg-storage";
export type { IcebergStorageArgs } from "./iceberg-storage";
export { InferenceFunction } from "./inference-function";
export type { InferenceFunctionArgs } from "./inference-function";
export { StorageLifecycle } from "./storage-lifecycle";
export type { StorageLifecycleArgs } from "./storage-lifecycle";
