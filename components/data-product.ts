/**
 * DataProduct (`meshplane:index:DataProduct`): one data product on its target cloud, built from a
 * validated spec, plus its registration in the Meshplane catalog when `catalog` is given.
 *
 * Only the target cloud's module is loaded, and only when a product is built for it: importing
 * @pulumi/azure-native, @pulumi/aws and @pulumi/gcp together costs seconds (docs/components.md,
 * "Loading"), more than the whole one-product preview may take. So the cloud deployment is
 * imported in the component's async `initialize` and the children are created there.
 */
import * as pulumi from "@pulumi/pulumi";
import type {
  BackupOutput,
  CatalogOutput,
  Cloud,
  DataProductOutputs,
  InferenceOutput,
} from "#contract";
import { productContext } from "./context";
import { MeshCatalogEntry, type MeshCatalogEntryArgs } from "./mesh-catalog/index";
import type { CloudDeployment, CloudProviders, DeploymentOptions } from "./types";

export const DATA_PRODUCT_TYPE = "meshplane:index:DataProduct";

export interface CatalogConnection {
  /** Base URL of the portal, e.g. `http://localhost:3000`. */
  url: pulumi.Input<string>;
  /** MESHPLANE_PLATFORM_TOKEN of that portal; kept secret in state. */
  platformToken: pulumi.Input<string>;
  /** Stack named in the registration; defaults to the current stack. */
  stack?: string;
  retry?: MeshCatalogEntryArgs["retry"];
}

export interface DataProductArgs {
  /**
   * The spec, parsed or raw (e.g. straight from stack config): validated here with the contract,
   * so a bad one fails with every issue and its path before anything registers.
   */
  spec: unknown;
  environment: string;
  organization?: string;
  providers?: CloudProviders;
  /** Register the product in Meshplane's catalog through this portal. */
  catalog?: CatalogConnection;
  /** Local target only: directory of every local warehouse (default `.data/warehouse`). */
  warehouseRoot?: string;
  /** The platform's settings per cloud (network access, function authentication). */
  options?: DeploymentOptions;
  /**
   * Approved access grants of the product (contract AccessGrant, raw): one AccessGrant component
   * each; grants past their end date are left out, anything else invalid fails (access-grants.ts).
   */
  grants?: readonly unknown[];
  /** ISO instant the grants' end dates are checked at; default now (tests pin it). */
  grantsAt?: string;
  /**
   * The product's table is in Meshplane's Iceberg REST catalog (the worker looks before `up`):
   * local and Azure tables then write no metadata on update; settle commits the change.
   */
  catalogOwned?: boolean;
}

/** Loads one cloud's deployment on demand (see the module comment for why). */
async function loadDeployment(
  cloud: Cloud,
  warehouseRoot: string | undefined,
): Promise<CloudDeployment> {
  switch (cloud) {
    case "aws":
      return (await import("./aws/index")).deployAws;
    case "azure":
      return (await import("./azure/index")).deployAzure;
    case "gcp":
      return (await import("./gcp/index")).deployGcp;
    case "local": {
      const local = await import("./local/index");
      return warehouseRoot === undefined ? local.deployLocal : local.localDeployment(warehouseRoot);
    }
  }
}

/** What `initialize` receives: the args, with the token wrapped so state never holds it in clear. */
type InitArgs = Omit<DataProductArgs, "catalogOwned">;

/**
 * `catalogOwned` is a fact about this run, not the product's desired state: kept out of the
 * component's registered inputs (Pulumi diffs those, so its first flip would show the product
 * as changed), it reaches `initialize` keyed by the very args object passed to super().
 */
const catalogOwnership = new WeakMap<object, boolean>();

export class DataProduct extends pulumi.ComponentResource<pulumi.Output<DataProductOutputs>> {
  /** Everything the product exposes (contract/outputs.ts); the fields below are parts of it. */
  readonly outputs: pulumi.Output<DataProductOutputs>;
  /** s3://, abfss://, gs:// or file:// URI of the product's Iceberg table location. */
  readonly storageUri: pulumi.Output<string>;
  readonly catalog: pulumi.Output<CatalogOutput>;
  readonly backup: pulumi.Output<BackupOutput>;
  readonly inference: pulumi.Output<InferenceOutput | undefined>;
  readonly tags: pulumi.Output<Record<string, string>>;

  constructor(name: string, args: DataProductArgs, opts?: pulumi.ComponentResourceOptions) {
    // Validate before anything registers, so a bad spec fails with its own message.
    productContext(args);
    const { catalogOwned, ...desired } = args;
    const inputs: InitArgs = {
      ...desired,
      ...(args.catalog === undefined
        ? {}
        : {
            catalog: { ...args.catalog, platformToken: pulumi.secret(args.catalog.platformToken) },
          }),
    };
    catalogOwnership.set(inputs, catalogOwned ?? false);
    super(DATA_PRODUCT_TYPE, name, inputs, opts);
    // getData() resolves to the Output `initialize` built; lifting it keeps its dependencies.
    this.outputs = pulumi.output(this.getData());
    this.storageUri = this.outputs.storageUri;
    this.catalog = this.outputs.catalog;
    this.backup = this.outputs.backup;
    this.inference = this.outputs.apply((o) => o.inference);
    this.tags = this.outputs.tags;
  }

  protected override async initialize(
    args: pulumi.Inputs,
  ): Promise<pulumi.Output<DataProductOutputs>> {
    // `args` is exactly the InitArgs object the constructor passed to super().
    const product = args as InitArgs;
    const context = productContext({
      ...product,
      catalogOwned: catalogOwnership.get(args) ?? false,
    });
    const cloud = context.spec.target.cloud;
    const deploy = await loadDeployment(cloud, product.warehouseRoot);
    const outputs = deploy(context, this, product.providers ?? {}, product.options ?? {});
    if (product.catalog !== undefined) {
      const { catalog } = product;
      const stack = catalog.stack ?? pulumi.getStack();
      new MeshCatalogEntry(
        `${context.spec.name}-catalog-entry`,
        {
          catalogUrl: catalog.url,
          platformToken: catalog.platformToken,
          registration: outputs.apply((o) => ({
            environment: context.environment,
            stack,
            spec: context.spec,
            outputs: o,
          })),
          ...(catalog.retry === undefined ? {} : { retry: catalog.retry }),
        },
        { parent: this },
      );
    }
    this.registerOutputs({ outputs });
    return outputs;
  }
}
