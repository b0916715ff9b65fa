/**
 * BigQueryTableMetadata: where the Iceberg metadata of a product's BigQuery (BigLake) table is,
 * exported by BigQuery on create and on every change of the table (see
 * table-metadata-provider.ts). A Pulumi dynamic resource, so its type token is
 * `pulumi-nodejs:dynamic/meshplane/gcp:BigQueryTableMetadata`. Destroying it leaves the table and
 * its files in place.
 */
import * as pulumi from "@pulumi/pulumi";
import {
  bigQueryTableMetadataProvider,
  type BigQueryTableMetadataOutputs,
} from "./table-metadata-provider";

export interface BigQueryTableMetadataArgs {
  project: pulumi.Input<string>;
  datasetId: pulumi.Input<string>;
  tableId: pulumi.Input<string>;
  location: pulumi.Input<string>;
  storageUri: pulumi.Input<string>;
  schema: pulumi.Input<string>;
}

export class BigQueryTableMetadata extends pulumi.dynamic.Resource {
  /** gs:// URI of the newest metadata file BigQuery exported. */
  declare readonly metadataLocation: pulumi.Output<string>;

  constructor(name: string, args: BigQueryTableMetadataArgs, opts?: pulumi.CustomResourceOptions) {
    const inputs: Record<keyof BigQueryTableMetadataOutputs, pulumi.Input<unknown>> = {
      project: args.project,
      datasetId: args.datasetId,
      tableId: args.tableId,
      location: args.location,
      storageUri: args.storageUri,
      schema: args.schema,
      metadataLocation: undefined,
    };
    super(
      bigQueryTableMetadataProvider,
      name,
      inputs,
      opts,
      "meshplane/gcp",
      "BigQueryTableMetadata",
    );
  }
}
