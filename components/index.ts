/**
 * Meshplane's Pulumi components. `DataProduct` is the entry point; the building blocks are here
 * too, per cloud. The local target and the mesh catalog are cheap and exported as values; the
 * three clouds are exported as types only (`aws.IcebergStorage`, …), because importing their
 * provider SDKs costs seconds (docs/components.md, "Loading"): import `components/aws`,
 * `components/azure` or `components/gcp` directly to use their blocks.
 */
export { DataProduct, DATA_PRODUCT_TYPE } from "./data-product";
export type { CatalogConnection, DataProductArgs } from "./data-product";
export { productContext } from "./context";
export type { ProductContext, ProductContextArgs } from "./context";
export type { CloudDeployment, CloudProviders } from "./types";
export * as local from "./local/index";
export * as meshCatalog from "./mesh-catalog/index";
export type * as aws from "./aws/index";
export type * as azure from "./azure/index";
export type * as gcp from "./gcp/index";
