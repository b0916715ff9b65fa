/**
 * IcebergTableMetadata: the Iceberg table of an Azure product, written into its ADLS container
 * (see table-metadata-provider.ts). A Pulumi dynamic resource, so its type token is
 * `pulumi-nodejs:dynamic/meshplane/azure:IcebergTableMetadata`. Destroying it leaves the table's
 * files in place.
 */
import * as pulumi from "@pulumi/pulumi";
import type { IcebergTableInput } from "../local/iceberg-metadata";
import {
  azureTableMetadataProvider,
  type AzureTableMetadataOutputs,
} from "./table-metadata-provider";

export interface IcebergTableMetadataArgs {
  accountName: pulumi.Input<string>;
  containerName: pulumi.Input<string>;
  tablePath: pulumi.Input<string>;
  location: pulumi.Input<string>;
  table: pulumi.Input<IcebergTableInput>;
  /** The table is in Meshplane's catalog, its only writer (table-metadata-provider.ts). */
  catalogOwned?: pulumi.Input<boolean>;
}

export class IcebergTableMetadata extends pulumi.dynamic.Resource {
  /** abfss:// URI of the table's current metadata file. */
  declare readonly metadataLocation: pulumi.Output<string>;
  declare readonly tableUuid: pulumi.Output<string>;

  constructor(name: string, args: IcebergTableMetadataArgs, opts?: pulumi.CustomResourceOptions) {
    const inputs: Record<keyof AzureTableMetadataOutputs, pulumi.Input<unknown>> = {
      accountName: args.accountName,
      containerName: args.containerName,
      tablePath: args.tablePath,
      location: args.location,
      table: args.table,
      catalogOwned: args.catalogOwned ?? false,
      metadataLocation: undefined,
      tableUuid: undefined,
    };
    super(
      azureTableMetadataProvider,
      name,
      inputs,
      opts,
      "meshplane/azure",
      "IcebergTableMetadata",
    );
  }
}
