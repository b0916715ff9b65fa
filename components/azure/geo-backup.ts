/**
 * GeoBackup: vaulted backup of a gold product's ADLS Gen2 account into a geo-redundant Backup vault.
 *
 * The datasource is Azure Backup's "Azure Data Lake Storage" type
 * (`Microsoft.Storage/storageAccounts/adlsBlobServices`), the only Azure Backup datasource that
 * accepts hierarchical-namespace accounts: operational and vaulted *blob* backup
 * (`.../blobServices`) reject them. It is in preview and offered in a few regions only (see
 * planning/backup.ts); deployAzure builds this component where it is offered.
 *
 * Known limitation (SDK): @pulumi/azure-native 3.28.0 sends dataprotection requests with API
 * version 2025-01-01, whose swagger has no parameters type for this datasource: its backup
 * datasource parameters are `BlobBackupDatasourceParameters` and
 * `KubernetesClusterBackupDatasourceParameters` only, and so is the SDK's TypeScript union. The
 * ADLS type, `AdlsBlobBackupDatasourceParameters` (`allOf` the blob one, same `containersList`), is
 * in the 2025-07-01 swagger (Azure/azure-rest-api-specs, specification/dataprotection/
 * resource-manager/Microsoft.DataProtection/DataProtection/stable/2025-07-01/dataprotection.json and
 * its example BackupInstanceOperations/PutBackupInstance_ADLSBlobBackupDatasourceParameters.json),
 * which Microsoft's ADLS quickstart template also uses. The backup instance below therefore sends the
 * blob parameters type, the only one the installed SDK can express; whether the service accepts it
 * for `adlsBlobServices` is unverified. The fix is a local SDK at 2025-07-01
 * (`pulumi package add azure-native dataprotection 2025-07-01`) for the backup instance, with
 * `objectType: "AdlsBlobBackupDatasourceParameters"`; the unit test fails to compile once the
 * installed SDK defines that type.
 */
import * as dataprotection from "@pulumi/azure-native/dataprotection";
import * as pulumi from "@pulumi/pulumi";
import { dataStoreOptions } from "../checks";
import type { ProductContext } from "../context";
import {
  ADLS_BACKUP_DATASOURCE_TYPE,
  STORAGE_ACCOUNT_RESOURCE_TYPE,
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
   * Soft delete keeps deleted backups for 14 days; immutability is "Unlocked" so recovery points
   * cannot be deleted before they expire, yet the platform team can still relax it (Locked is
   * irreversible and left to them).
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
            immutabilitySettings: { state: "Unlocked" },
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
  ): dataprotection.BackupInstance {
    const datasource = {
      resourceID: args.storageAccountId,
      resourceUri: args.storageAccountId,
      resourceName: args.storageAccountName,
      resourceType: STORAGE_ACCOUNT_RESOURCE_TYPE,
      resourceLocation: location,
      datasourceType: ADLS_BACKUP_DATASOURCE_TYPE,
    };
    return new dataprotection.BackupInstance(
      `${name}-instance`,
      {
        backupInstanceName: args.storageAccountName,
        vaultName: backup.vault.name,
        resourceGroupName: args.resourceGroupName,
        properties: {
          objectType: "BackupInstance",
          friendlyName: args.storageAccountName,
          dataSourceInfo: { objectType: "Datasource", ...datasource },
          dataSourceSetInfo: { objectType: "DatasourceSet", ...datasource },
          policyInfo: {
            policyId: backup.policy.id,
            policyParameters: {
              backupDatasourceParametersList: [
                {
                  // Not the documented ADLS type: see the module comment (the SDK's 2025-01-01
                  // union has no AdlsBlobBackupDatasourceParameters).
                  objectType: "BlobBackupDatasourceParameters",
                  containersList: args.containerNames,
                },
              ],
            },
          },
        },
        tags: args.context.labels,
      },
      { parent: this, dependsOn: [backup.access, ...(args.dependsOn ?? [])] },
    );
  }
}
