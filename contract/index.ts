/**
 * The data-product contract, shared by the portal, the API, the Pulumi program and the components.
 * Browser-safe: nothing here imports Node or Pulumi.
 */
export * from "./access";
export * from "./capabilities";
export * from "./changes";
export * from "./column-ids";
export * from "./compatibility";
export * from "./compatibility-table";
export * from "./encryption";
export * from "./errors";
export * from "./iceberg";
export * from "./inference";
export * from "./json-schema";
export * from "./labels";
export * from "./naming";
export * from "./odcs";
export * from "./odcs-export";
export * from "./odcs-import";
export * from "./outputs";
export * from "./parse";
export * from "./regions";
export * from "./resolve";
export * from "./spec";
export * from "./storage-classes";
export * from "./table";
export * from "./text";
export * from "./tiers";
export * from "./versions";
