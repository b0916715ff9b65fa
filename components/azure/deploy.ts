/**
 * deployAzure: the Azure implementation of the DataProduct component. Builds the product's
 * resource group and building blocks as children of `parent` and returns the product's outputs.
 */
import * as resources from "@pulumi/azure-native/resources";
import * as pulumi from "@pulumi/pulumi";
import { DataProductOutputs, secondaryRegionProblem, type BackupOutput } from "#contract";
import { dataStoreOptions } from "../checks";
import type { ProductContext } from "../context";
import { inferenceOutput } from "../inference";
import type { AzureDeploymentOptions, CloudDeployment } from "../types";
import { AccessGrant } from "./access-grant";
import { FunctionNetwork } from "./function-network";
import { GeoBackup } from "./geo-backup";
import { IcebergStorage } from "./iceberg-storage";
import { InferenceFunction } from "./inference-function";
import { Observability } from "./observability";
import { StorageLifecycle } from "./storage-lifecycle";

/**
 * Providers: `providers.primary` is used when given. Otherwise the ambient azure-native provider
 * is used and no provider is created here: every resource sets its location explicitly, and the
 * gold geo copy is made by Azure itself (RA-GZRS replicates to the paired region), so no second
 * region needs a provider. An explicit provider would also silently drop the stack's
 * `azure-native:*` configuration (subscription, tenant), which explicit providers do not inherit.
 */
export const deployAzure: CloudDeployment = (context, parent, providers, options = {}) => {
  const { spec } = context;
  if (spec.target.cloud !== "azure") {
    throw new Error(
      `deployAzure: context.spec.target.cloud must be azure, not ${spec.target.cloud}`,
    );
  }
  checkSecondaryRegion(context);
  const region = spec.target.region;
  const prefix = spec.name;
  const opts: pulumi.ComponentResourceOptions = {
    parent,
    ...(providers.primary === undefined ? {} : { provider: providers.primary }),
  };

  // One resource group per product: the boundary for access, cost and clean-up. It holds the data
  // stores, so it is retained (and protected for gold) like them: deleting a resource group
  // deletes everything inside it, whatever the options of its resources say.
  const group = new resources.ResourceGroup(
    `${prefix}-rg`,
    {
      resourceGroupName: context.names.azure.resourceGroup,
      location: region,
      tags: context.labels,
    },
    { ...opts, ...dataStoreOptions(context.policy) },
  );
  const resourceGroupName = group.name;

  const azure: AzureDeploymentOptions = options.azure ?? {};
  // The function's subnet must exist before the storage firewalls name it.
  const functionNetwork =
    spec.inference === undefined
      ? undefined
      : new FunctionNetwork(`${prefix}-network`, { context, resourceGroupName }, opts);
  const lake = new IcebergStorage(
    `${prefix}-storage`,
    {
      context,
      resourceGroupName,
      network: {
        ...azure.network,
        allowedSubnetIds: [
          ...(azure.network?.allowedSubnetIds ?? []),
          ...(functionNetwork === undefined ? [] : [functionNetwork.subnetId]),
        ],
      },
    },
    opts,
  );

  new StorageLifecycle(
    `${prefix}-lifecycle`,
    {
      context,
      resourceGroupName,
      accountName: lake.accountName,
      containerName: lake.containerName,
      tablePath: lake.tablePath,
      dependsOn: [lake],
    },
    opts,
  );

  const observability = new Observability(
    `${prefix}-observability`,
    {
      context,
      resourceGroupName,
      dataAccountId: lake.accountId,
      // Where the workspace was while the InferenceFunction owned it.
      previousWorkspaceUrn: pulumi.createUrn(
        `${prefix}-inference-logs`,
        "azure-native:operationalinsights:Workspace",
        pulumi.createUrn(`${prefix}-inference`, "meshplane:azure:InferenceFunction", parent),
      ),
    },
    opts,
  );

  const backup = backupFor(context, lake, resourceGroupName, opts);

  for (const grant of context.grants) {
    new AccessGrant(
      `${prefix}-grant-${grant.id}`,
      { context, grant, storageAccountId: lake.accountId, containerName: lake.containerName },
      opts,
    );
  }

  const inference =
    functionNetwork === undefined
      ? undefined
      : new InferenceFunction(
          `${prefix}-inference`,
          {
            context,
            resourceGroupName,
            dataAccountId: lake.accountId,
            containerId: lake.containerId,
            containerName: lake.containerName,
            tableLocation: lake.storageUri,
            tablePath: lake.tablePath,
            workspaceId: observability.workspaceId,
            subnetId: functionNetwork.subnetId,
            ...(azure.functionAccess === undefined ? {} : { access: azure.functionAccess }),
            ...(lake.customerManagedKey === undefined
              ? {}
              : { customerManagedKey: lake.customerManagedKey, dependsOn: [lake] }),
          },
          opts,
        );

  return pulumi
    .all([backup.location, inference?.endpointUrl, lake.metadataLocation])
    .apply(([backupLocation, endpointUrl, metadataLocation]) =>
      DataProductOutputs.parse({
        cloud: "azure",
        region,
        storageUri: lake.storageUri,
        catalog: {
          kind: "meshplane",
          database: spec.domain,
          table: spec.name,
          // The table's current metadata file, absent only while a preview cannot know it.
          ...(metadataLocation === undefined ? {} : { metadataLocation }),
          // IcebergStorage writes the table's metadata with the spec's partition spec.
          partitioning: "iceberg",
        },
        backup: {
          ...backup.output,
          ...(backupLocation === undefined ? {} : { location: backupLocation }),
        },
        ...inferenceOutput(inference?.functionAppName, endpointUrl),
        tags: context.labels,
      }),
    );
};

/**
 * Azure geo-redundant storage always replicates to the region's fixed pair, so a gold product on
 * Azure cannot choose another secondary region. The contract refuses such specs already; this
 * stays as a cheap guard for a context built without it.
 */
function checkSecondaryRegion(context: ProductContext): void {
  const { region, secondaryRegion } = context.spec.target;
  if (!context.policy.geoBackup) return;
  const problem = secondaryRegionProblem("azure", region, secondaryRegion);
  if (problem !== undefined) {
    throw new Error(`deployAzure: context.spec.target.secondaryRegion: ${problem}`);
  }
}

interface PlannedBackup {
  output: BackupOutput;
  location: pulumi.Input<string | undefined>;
}

/**
 * Gold: the RA-GZRS account is the geo copy (MP-GEO-001), and a geo-redundant, locked Backup vault
 * keeps daily recovery points that survive deletes. The contract accepts Azure gold only where
 * Azure Backup protects ADLS Gen2 accounts, so every gold product gets its vault.
 */
function backupFor(
  context: ProductContext,
  lake: IcebergStorage,
  resourceGroupName: pulumi.Input<string>,
  opts: pulumi.ComponentResourceOptions,
): PlannedBackup {
  if (!context.policy.geoBackup) return { output: { kind: "none" }, location: undefined };
  const region = context.secondaryRegion;
  const vault = new GeoBackup(
    `${context.spec.name}-backup`,
    {
      context,
      resourceGroupName,
      storageAccountId: lake.accountId,
      storageAccountName: lake.accountName,
      containerNames: [lake.containerName],
      dependsOn: [lake],
    },
    opts,
  );
  return {
    output: { kind: "azure-backup-vault", ...(region === undefined ? {} : { region }) },
    location: vault.vaultId,
  };
}
