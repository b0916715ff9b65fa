/** Registration of a product in Meshplane's own catalog (all clouds). */
export { MeshCatalogEntry, productUrl, validRegistration } from "./mesh-catalog-entry";
export type { MeshCatalogEntryArgs } from "./mesh-catalog-entry";
export { DEFAULT_RETRY, backoffMs, meshCatalogProvider } from "./catalog-provider";
export type { MeshCatalogInputs, MeshCatalogOutputs, RetryPolicy } from "./catalog-provider";
