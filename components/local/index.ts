/** The local target's building blocks and `deployLocal`. */
export { deployLocal, localDeployment } from "./deploy";
export { nextTableMetadata } from "./iceberg-metadata";
export type { IcebergTableInput, TableMetadata } from "./iceberg-metadata";
export { LocalWarehouse } from "./local-warehouse";
export type { LocalWarehouseArgs } from "./local-warehouse";
export { icebergTableInput } from "./table-input";
export { localWarehouseProvider } from "./warehouse-provider";
export type { LocalWarehouseInputs, LocalWarehouseOutputs } from "./warehouse-provider";
