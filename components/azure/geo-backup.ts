/**
 * GeoBackup: vaulted backup of a gold product's ADLS Gen2 account into a geo-redundant, locked
 * Backup vault.
 *
 * The datasource is Azure Backup's "Azure Data Lake Storage" type
 * (`Microsoft.Storage/storageAccounts/adlsBlobServices`), the only Azure Backup datasource that
 * accepts hierarchical-namespace accounts: operational and vaulted *blob* backup
 * (`.../blobServices`) reject them. It is in preview and offered in a few regions only; the
 * contract accepts Azure gold only there (contract/regions.ts), and this component refuses any
 * other location.
 *
 * The backup instance is sent as a generic ARM resource (`resources.Resource`) at Data Protection
 * API 2025-07-01 with the ADLS parameters type, `AdlsBlobBackupDatasourceParameters`: the
 * installed SDK's `dataprotection.BackupInstance` is pinned to 2025-01-01, whose parameters union
 * has only the blob and Kubernetes types (see planning/backup.ts).
 */
import * as dataprotection from "@pulumi/azure-native/dataprotection";
import * as resources from "@pulumi/azure-native/resources";
import * as pulumi from "@pulumi/pulumi";
import { ADLS_VAULTED_BACKUP_REGIONS } from "#contract";
import { dataStoreOptions } from "../checks";
import type { ProductContext } from "../context";
import {
  ADLS_BACKUP_DATASOURCE_TYPE,
  DATAPROTECTION_ADLS_API_VERSION,
  adlsBackupInstanceProperties,
  adlsBackupPolicyRules,
  backupRetention,
  type BackupRetention,
} from "./planning/backup";
import { grantBuiltInRole, systemAssignedPrincipalId } from "./identity";

export interface GeoBackupArgs {
  context: ProductContext;
  resourceGroupName: pulumi.Input<string>;
  /** Must be the storage account's region (Azure Backup's rule); defaults to the product's. */
  location?: string;
  storageAccountId: pulumi.Input<string>;
  storageAccountName: string;
  /** Containers to protect (at most 100); new containers are not picked up automatically. */
  containerNames: string[];
  /** Resources the backup instance must wait for (the containers must exist). */
  dependsOn?: pulumi.Input<pulumi.Resource>[];
}

function checkArgs(args: GeoBackupArgs): void {
  const { context } = args;
  if (!context.policy.geoBackup) {
    throw new Error(
      `GeoBackup: args.context is a ${context.spec.tier} product; only tiers with geo backup (gold) get a Backup vault`,
    );
  }
  if (args.containerNames.length === 0 || args.containerNames.length > 100) {
    throw new Error("GeoBackup: args.containerNames must list 1 to 100 containers");
  }
  const location = args.location ?? context.spec.target.region;
  if (!ADLS_VAULTED_BACKUP_REGIONS.has(location)) {
    throw new Error(
      `GeoBackup: args.location: Azure Backup offers no vaulted backup of ADLS Gen2 accounts in ${location} (only in ${[...ADLS_VAULTED_BACKUP_REGIONS].join(", ")}), and the vault must be in the account's region`,
    );
  }
}

export class GeoBackup extends pulumi.ComponentResource {
  public readonly vaultId: pulumi.Output<string>;
  public readonly vaultName: string;
  public readonly policyId: pulumi.Output<string>;
  public readonly backupInstanceId: pulumi.Output<string>;
  public readonly retention: BackupRetention;

  constructor(name: string, args: GeoBackupArgs, opts?: pulumi.ComponentResourceOptions) {
    super("meshplane:azure:GeoBackup", name, {}, opts);
    checkArgs(args);
    const { context } = args;
    const location = args.location ?? context.spec.target.region;
    this.vaultName = context.names.azure.backupVault;
    this.retention = backupRetention(context.retentionDays, context.policy.softDeleteDays);

    const vault = this.backupVault(name, args, location);
    const access = grantBuiltInRole(
      `${name}-account-access`,
      {
        principalId: systemAssignedPrincipalId(
          vault.identity,
          `GeoBackup: Backup vault ${this.vaultName}`,
        ),
        role: "Storage Account Backup Contributor",
        scope: args.storageAccountId,
      },
      this,
    );
    const policy = new dataprotection.BackupPolicy(
      `${name}-policy`,
      {
        backupPolicyName: "adls-daily",
        vaultName: vault.name,
        resourceGroupName: args.resourceGroupName,
        properties: {
          objectType: "BackupPolicy",
          datasourceTypes: [ADLS_BACKUP_DATASOURCE_TYPE],
          policyRules: adlsBackupPolicyRules(this.retention),
        },
      },
      { parent: this },
    );
    const instance = this.backupInstance(name, args, location, { vault, policy, access });

    this.vaultId = vault.id;
    this.policyId = policy.id;
    this.backupInstanceId = instance.id;
    this.registerOutputs({
      vaultId: this.vaultId,
      vaultName: this.vaultName,
      policyId: this.policyId,
      backupInstanceId: this.backupInstanceId,
      retention: this.retention,
    });
  }

  /**
   * Geo-redundant vault storage keeps the recovery points in the paired region too. The vault
   * needs a system-assigned identity (user-assigned ones are not supported for this datasource).
   * Soft delete keeps deleted backups for 14 days, and immutability is Locked: no recovery point
   * can be deleted before it expires, and the setting itself can never be relaxed again (Azure's
   * "locked immutable vault"; irreversible, which is what a gold backup promises).
   */
  private backupVault(
    name: string,
    args: GeoBackupArgs,
    location: string,
  ): dataprotection.BackupVault {
    return new dataprotection.BackupVault(
      `${name}-vault`,
      {
        vaultName: this.vaultName,
        resourceGroupName: args.resourceGroupName,
        location,
        identity: { type: "SystemAssigned" },
        properties: {
          storageSettings: [{ datastoreType: "VaultStore", type: "GeoRedundant" }],
          securitySettings: {
            softDeleteSettings: { state: "On", retentionDurationInDays: 14 },
            immutabilitySettings: { state: "Locked" },
          },
        },
        tags: args.context.labels,
      },
      { parent: this, ...dataStoreOptions(args.context.policy) },
    );
  }

  /** The account's containers under the policy; it needs the vault's access to the account. */
  private backupInstance(
    name: string,
    args: GeoBackupArgs,
    location: string,
    backup: {
      vault: dataprotection.BackupVault;
      policy: dataprotection.BackupPolicy;
      access: pulumi.Resource;
    },
  ): resources.Resource {
    return new resources.Resource(
      `${name}-instance`,
      {
        resourceGroupName: args.resourceGroupName,
        resourceProviderNamespace: "Microsoft.DataProtection",
        parentResourcePath: pulumi.interpolate`backupVaults/${backup.vault.name}`,
        resourceType: "backupInstances",
        resourceName: args.storageAccountName,
        apiVersion: DATAPROTECTION_ADLS_API_VERSION,
        properties: adlsBackupInstanceProperties({
          storageAccountId: args.storageAccountId,
          storageAccountName: args.storageAccountName,
          location,
          policyId: backup.policy.id,
          containerNames: args.containerNames,
        }),
        tags: args.context.labels,
      },
      { parent: this, dependsOn: [backup.access, ...(args.dependsOn ?? [])] },
    );
  }
}
