/**
 * GlueTableMetadata: the Iceberg metadata of a product's Glue table, evolved in place on every
 * schema, partition or sort change (see table-metadata-provider.ts). A Pulumi dynamic resource,
 * so its type token is `pulumi-nodejs:dynamic/meshplane/aws:GlueTableMetadata`. Destroying it
 * leaves the table and its files in place.
 */
import * as pulumi from "@pulumi/pulumi";
import type { IcebergTableInput } from "../local/iceberg-metadata";
import {
  glueTableMetadataProvider,
  type GlueTableMetadataOutputs,
} from "./table-metadata-provider";

export interface GlueTableMetadataArgs {
  region: pulumi.Input<string>;
  databaseName: pulumi.Input<string>;
  tableName: pulumi.Input<string>;
  location: pulumi.Input<string>;
  table: pulumi.Input<IcebergTableInput>;
}

export class GlueTableMetadata extends pulumi.dynamic.Resource {
  /** s3:// URI of the table's current metadata file (Glue's `metadata_location`). */
  declare readonly metadataLocation: pulumi.Output<string>;
  declare readonly tableUuid: pulumi.Output<string>;

  constructor(name: string, args: GlueTableMetadataArgs, opts?: pulumi.CustomResourceOptions) {
    const inputs: Record<keyof GlueTableMetadataOutputs, pulumi.Input<unknown>> = {
      region: args.region,
      databaseName: args.databaseName,
      tableName: args.tableName,
      location: args.location,
      table: args.table,
      metadataLocation: undefined,
      tableUuid: undefined,
    };
    super(glueTableMetadataProvider, name, inputs, opts, "meshplane/aws", "GlueTableMetadata");
  }
}
