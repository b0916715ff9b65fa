/**
 * IcebergStorage: the ADLS Gen2 account and container that hold a product's Iceberg table, behind
 * a firewall that denies every network but trusted Azure services and the ones allowed in
 * `network`, with optional private endpoints (dfs and blob).
 */
import * as authorization from "@pulumi/azure-native/authorization";
import * as network from "@pulumi/azure-native/network";
import * as storage from "@pulumi/azure-native/storage";
import * as pulumi from "@pulumi/pulumi";
import { usesCustomerManagedKey } from "#contract";
import { dataStoreOptions } from "../checks";
import type { ProductContext } from "../context";
import { icebergTableInput, tableProperties } from "../local/table-input";
import { CustomerManagedKey } from "./customer-managed-key";
import {
  STORAGE_SKUS,
  abfssUri,
  dataLakeProtection,
  icebergMetadataLocation,
  icebergTablePath,
  publicNetworkAccess,
  redundancyProblem,
  secureAccountArgs,
  storageFirewall,
  type AzureNetworkOptions,
  type CustomerManagedKeyRef,
  type StorageSkuName,
} from "./planning/storage";
import { roleDefinitionId } from "./planning/roles";
import { IcebergTableMetadata } from "./table-metadata";

export interface IcebergStorageArgs {
  context: ProductContext;
  resourceGroupName: pulumi.Input<string>;
  /** Defaults to the product's region (context.spec.target.region). */
  location?: string;
  /**
   * Key to encrypt with. Internal, confidential and restricted products get a CustomerManagedKey
   * of their own when none is given (contract/encryption.ts); public ones use Microsoft-managed
   * keys unless one is given.
   */
  customerManagedKey?: CustomerManagedKeyRef;
  /**
   * Who may reach the account besides trusted Azure services (planning/storage.ts
   * `storageFirewall`): allowed IP ranges and subnets (the inference function's among them), and
   * private endpoints. Without it only trusted services pass; every request also needs a
   * Microsoft Entra token and an RBAC data role (no shared keys, no anonymous access).
   */
  network?: AzureNetworkOptions;
  /**
   * What kind of principal deploys (and so writes the table's metadata): Azure refuses a role
   * assignment whose principal type is not the principal's. Defaults to ServicePrincipal, what
   * the deployment worker's service principal or managed identity is; "User" for a person
   * deploying with `az login`.
   */
  deployerPrincipalType?: "ServicePrincipal" | "User";
}

export class IcebergStorage extends pulumi.ComponentResource {
  public readonly accountName: string;
  public readonly accountId: pulumi.Output<string>;
  public readonly containerName: string;
  public readonly containerId: pulumi.Output<string>;
  public readonly skuName: StorageSkuName;
  public readonly tablePath: string;
  /** abfss://<container>@<account>.dfs.core.windows.net/<table path> */
  public readonly storageUri: string;
  /**
   * abfss:// URI of the table's current metadata file, as the Meshplane catalog records it
   * (undefined only where the provider did not run: Pulumi mocks).
   */
  public readonly metadataLocation: pulumi.Output<string | undefined>;
  /** The table's metadata/ folder. */
  public readonly metadataFolder: string;
  /** The key the account encrypts with, if customer-managed; reuse it for the product's other accounts. */
  public readonly customerManagedKey: CustomerManagedKeyRef | undefined;

  constructor(name: string, args: IcebergStorageArgs, opts?: pulumi.ComponentResourceOptions) {
    super("meshplane:azure:IcebergStorage", name, {}, opts);
    const { context } = args;
    if (context.spec.target.cloud !== "azure") {
      throw new Error(
        `IcebergStorage: args.context.spec.target.cloud must be azure, not ${context.spec.target.cloud}`,
      );
    }
    const location = args.location ?? context.spec.target.region;
    const problem = redundancyProblem(context.spec.tier, location);
    if (problem !== undefined) throw new Error(`IcebergStorage: args.location: ${problem}`);

    const names = context.names.azure;
    const tags = context.labels;
    this.accountName = names.storageAccount;
    this.containerName = names.container;
    this.skuName = STORAGE_SKUS[context.spec.tier];
    this.tablePath = icebergTablePath(context.spec);
    this.storageUri = abfssUri(this.containerName, this.accountName, this.tablePath);
    this.metadataFolder = icebergMetadataLocation(
      this.containerName,
      this.accountName,
      this.tablePath,
    );

    let keyAccess: pulumi.Resource[] = [];
    let cmk = args.customerManagedKey;
    if (cmk === undefined && usesCustomerManagedKey(context.spec.classification)) {
      const key = new CustomerManagedKey(
        `${name}-cmk`,
        { context, resourceGroupName: args.resourceGroupName, location },
        { parent: this },
      );
      cmk = key.ref;
      // The account reads the key as soon as it is created, so the grant must exist first.
      keyAccess = [key.keyAccess];
    }
    this.customerManagedKey = cmk;

    // The product's secure account (planning/storage.ts) with a hierarchical namespace, and no
    // local users (SFTP): every client authenticates with Microsoft Entra ID.
    const account = new storage.StorageAccount(
      `${name}-account`,
      {
        ...secureAccountArgs(context.spec.tier, cmk),
        accountName: this.accountName,
        resourceGroupName: args.resourceGroupName,
        location,
        isHnsEnabled: true,
        isLocalUserEnabled: false,
        isSftpEnabled: false,
        networkRuleSet: storageFirewall(args.network ?? {}),
        publicNetworkAccess: publicNetworkAccess(args.network ?? {}),
        tags,
      },
      { parent: this, dependsOn: keyAccess, ...dataStoreOptions(context.policy) },
    );

    new storage.BlobServiceProperties(
      `${name}-blob-service`,
      {
        accountName: this.accountName,
        resourceGroupName: args.resourceGroupName,
        blobServicesName: "default",
        ...dataLakeProtection(context.policy),
      },
      { parent: this, dependsOn: [account] },
    );

    const container = new storage.BlobContainer(
      `${name}-container`,
      {
        containerName: this.containerName,
        accountName: this.accountName,
        resourceGroupName: args.resourceGroupName,
        publicAccess: "None",
      },
      { parent: this, dependsOn: [account], ...dataStoreOptions(context.policy) },
    );

    // The deploying principal writes the table's metadata with its Entra token: it needs a data
    // role (no shared keys on the account), at the narrowest scope, the container.
    const client = authorization.getClientConfigOutput({ parent: this });
    const deployerAccess = new authorization.RoleAssignment(
      `${name}-deployer-access`,
      {
        principalId: client.objectId,
        principalType: args.deployerPrincipalType ?? "ServicePrincipal",
        roleDefinitionId: client.subscriptionId.apply((id) =>
          roleDefinitionId(id, "Storage Blob Data Contributor"),
        ),
        scope: container.id,
      },
      { parent: this },
    );
    const table = new IcebergTableMetadata(
      `${name}-table`,
      {
        accountName: this.accountName,
        containerName: this.containerName,
        tablePath: this.tablePath,
        location: this.storageUri,
        table: icebergTableInput(context.spec.table, tableProperties(context)),
        catalogOwned: context.catalogOwned,
      },
      { parent: this, dependsOn: [container, deployerAccess] },
    );
    this.metadataLocation = table.metadataLocation;

    const endpoint = args.network?.privateEndpoint;
    if (endpoint !== undefined) {
      for (const service of ["dfs", "blob"] as const) {
        this.privateEndpoint(name, args, location, account, service, endpoint);
      }
    }

    this.accountId = account.id;
    this.containerId = container.id;
    this.registerOutputs({
      accountName: this.accountName,
      accountId: this.accountId,
      containerName: this.containerName,
      containerId: this.containerId,
      skuName: this.skuName,
      storageUri: this.storageUri,
      metadataLocation: this.metadataLocation,
      metadataFolder: this.metadataFolder,
    });
  }

  /**
   * A private endpoint of the account's `service` endpoint in the caller's subnet, registered in
   * the caller's private DNS zone when one is given (otherwise the caller's DNS resolves it).
   */
  private privateEndpoint(
    name: string,
    args: IcebergStorageArgs,
    location: string,
    account: storage.StorageAccount,
    service: "dfs" | "blob",
    endpoint: NonNullable<AzureNetworkOptions["privateEndpoint"]>,
  ): void {
    const privateEndpointName = `${this.accountName}-${service}`;
    const created = new network.PrivateEndpoint(
      `${name}-${service}-endpoint`,
      {
        privateEndpointName,
        resourceGroupName: args.resourceGroupName,
        location,
        subnet: { id: endpoint.subnetId },
        privateLinkServiceConnections: [
          { name: privateEndpointName, privateLinkServiceId: account.id, groupIds: [service] },
        ],
        tags: args.context.labels,
      },
      { parent: this },
    );
    const zone = endpoint.privateDnsZoneIds?.[service];
    if (zone === undefined) return;
    new network.PrivateDnsZoneGroup(
      `${name}-${service}-dns`,
      {
        privateDnsZoneGroupName: "default",
        privateEndpointName: created.name,
        resourceGroupName: args.resourceGroupName,
        privateDnsZoneConfigs: [{ name: service, privateDnsZoneId: zone }],
      },
      { parent: this },
    );
  }
}
