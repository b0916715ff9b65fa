/**
 * LocalWarehouse: a product's warehouse directory on this machine with a real Iceberg v2 table in
 * it. A Pulumi dynamic resource, so its type token is `pulumi-nodejs:dynamic/meshplane/local:
 * LocalWarehouse` (the `pulumi-nodejs` package is what routes it to the dynamic provider).
 *
 * Destroying the resource leaves the directory and its data in place: see warehouse-provider.ts.
 */
import { resolve } from "node:path";
import * as pulumi from "@pulumi/pulumi";
import type { IcebergTableInput } from "./iceberg-metadata";
import { localWarehouseProvider, type LocalWarehouseOutputs } from "./warehouse-provider";

export interface LocalWarehouseArgs {
  /** Directory that holds every local warehouse (infra passes `<MESHPLANE_DATA_DIR>/warehouse`). */
  root: pulumi.Input<string>;
  /** The product's directory below the root, `/`-separated. */
  path: pulumi.Input<string>;
  table: pulumi.Input<IcebergTableInput>;
  /** The table is in Meshplane's catalog, its only writer from then on (warehouse-provider.ts). */
  catalogOwned?: pulumi.Input<boolean>;
}

export class LocalWarehouse extends pulumi.dynamic.Resource {
  declare readonly directory: pulumi.Output<string>;
  declare readonly storageUri: pulumi.Output<string>;
  declare readonly metadataLocation: pulumi.Output<string>;
  declare readonly metadataVersion: pulumi.Output<number>;
  declare readonly tableUuid: pulumi.Output<string>;

  constructor(name: string, args: LocalWarehouseArgs, opts?: pulumi.CustomResourceOptions) {
    const inputs: Record<keyof LocalWarehouseOutputs, pulumi.Input<unknown>> = {
      root: pulumi.output(args.root).apply((root) => resolve(root)),
      path: args.path,
      table: args.table,
      catalogOwned: args.catalogOwned ?? false,
      directory: undefined,
      storageUri: undefined,
      metadataLocation: undefined,
      metadataVersion: undefined,
      tableUuid: undefined,
    };
    super(localWarehouseProvider, name, inputs, opts, "meshplane/local", "LocalWarehouse");
  }
}
