/**
 * Backup planning for gold products on Azure. Pure.
 *
 * What Azure Backup offers for a hierarchical-namespace (ADLS Gen2) account, as of the sources below:
 * - Operational backup for blobs (datasource `Microsoft.Storage/storageAccounts/blobServices`,
 *   built on point-in-time restore): "Storage accounts with hierarchical namespace enabled (that is,
 *   ADLS Gen2 accounts) aren't supported." (learn.microsoft.com/azure/backup/blob-backup-support-matrix)
 * - Vaulted backup for blobs (same datasource, vault store): "HNS-enabled storage accounts are
 *   currently not supported. This includes ADLS Gen2 accounts" (same page, vaulted tab).
 * - Vaulted backup for Azure Data Lake Storage (datasource
 *   `Microsoft.Storage/storageAccounts/adlsBlobServices`): the one backup made for HNS accounts, in
 *   preview and available only in a few regions (learn.microsoft.com/azure/backup/
 *   azure-data-lake-storage-backup-support-matrix, 2025: France South, India West, West Central US,
 *   East Asia, India Central). It needs a vault with a system-assigned identity, in the same region
 *   as the account, one scheduled backup a day, and does not back up archive-tier blobs.
 * So a gold product's backup is the vaulted ADLS backup, and the contract accepts Azure gold only
 * where Azure offers it (ADLS_VAULTED_BACKUP_REGIONS in contract/regions.ts).
 */
import type * as inputs from "@pulumi/azure-native/types/input";
import type * as pulumi from "@pulumi/pulumi";

export const ADLS_BACKUP_DATASOURCE_TYPE = "Microsoft.Storage/storageAccounts/adlsBlobServices";
export const STORAGE_ACCOUNT_RESOURCE_TYPE = "Microsoft.Storage/storageAccounts";

/**
 * The first stable Data Protection API version whose backup instances take the ADLS datasource's
 * parameters type, `AdlsBlobBackupDatasourceParameters` (the Azure SDK changelog: "Stable version
 * release for API version 2025-07-01 ... Added model AdlsBlobBackupDatasourceParameters"; example
 * PutBackupInstance_ADLSBlobBackupDatasourceParameters.json in Azure/azure-rest-api-specs,
 * specification/dataprotection/.../stable/2025-07-01). The installed @pulumi/azure-native sends
 * dataprotection requests at 2025-01-01, whose union lacks the type, so GeoBackup sends the
 * instance as a generic resource at this version.
 */
export const DATAPROTECTION_ADLS_API_VERSION = "2025-07-01";
export const ADLS_BACKUP_PARAMETERS_TYPE = "AdlsBlobBackupDatasourceParameters";

export interface AdlsBackupInstanceInput {
  storageAccountId: pulumi.Input<string>;
  storageAccountName: string;
  /** The account's region (the vault's too: Azure Backup's rule). */
  location: string;
  policyId: pulumi.Input<string>;
  containerNames: readonly string[];
}

interface Datasource {
  resourceID: pulumi.Input<string>;
  resourceUri: pulumi.Input<string>;
  resourceName: string;
  resourceType: string;
  resourceLocation: string;
  datasourceType: string;
}

/** A backup instance's `properties` for an ADLS Gen2 account, as API 2025-07-01 reads them. */
export interface AdlsBackupInstanceProperties {
  objectType: "BackupInstance";
  friendlyName: string;
  dataSourceInfo: Datasource & { objectType: "Datasource" };
  dataSourceSetInfo: Datasource & { objectType: "DatasourceSet" };
  policyInfo: {
    policyId: pulumi.Input<string>;
    policyParameters: {
      backupDatasourceParametersList: {
        objectType: typeof ADLS_BACKUP_PARAMETERS_TYPE;
        containersList: string[];
      }[];
    };
  };
}

export function adlsBackupInstanceProperties(
  input: AdlsBackupInstanceInput,
): AdlsBackupInstanceProperties {
  const datasource: Datasource = {
    resourceID: input.storageAccountId,
    resourceUri: input.storageAccountId,
    resourceName: input.storageAccountName,
    resourceType: STORAGE_ACCOUNT_RESOURCE_TYPE,
    resourceLocation: input.location,
    datasourceType: ADLS_BACKUP_DATASOURCE_TYPE,
  };
  return {
    objectType: "BackupInstance",
    friendlyName: input.storageAccountName,
    dataSourceInfo: { objectType: "Datasource", ...datasource },
    dataSourceSetInfo: { objectType: "DatasourceSet", ...datasource },
    policyInfo: {
      policyId: input.policyId,
      policyParameters: {
        backupDatasourceParametersList: [
          { objectType: ADLS_BACKUP_PARAMETERS_TYPE, containersList: [...input.containerNames] },
        ],
      },
    },
  };
}

/** Azure's floor for the default (daily) retention of vault-store recovery points. */
const MIN_DAILY_RETENTION_DAYS = 7;
/** Azure's ceiling for yearly recovery points of ADLS vaulted backup. */
const MAX_YEARLY_RETENTION_YEARS = 10;

export interface BackupRetention {
  dailyDays: number;
  /** Recovery point of the first backup of each month, kept this many months; 0 = none. */
  monthlyMonths: number;
  /** Recovery point of the first backup of each year, kept this many years; 0 = none. */
  yearlyYears: number;
}

/**
 * How long recovery points are kept. Dailies cover the soft-delete window (never less than Azure's
 * 7-day floor); monthlies and yearlies reach back as far as the retention allows but never past it
 * (months counted as 31 days and years as 366, the longest they can be, rounding down), so a backup never keeps data longer
 * than the product promises to keep it, except for the 7-day floor.
 */
export function backupRetention(retentionDays: number, softDeleteDays: number): BackupRetention {
  return {
    dailyDays: Math.max(MIN_DAILY_RETENTION_DAYS, Math.min(softDeleteDays, retentionDays)),
    monthlyMonths: Math.min(12, Math.floor(retentionDays / 31)),
    yearlyYears: Math.min(MAX_YEARLY_RETENTION_YEARS, Math.floor(retentionDays / 366)),
  };
}

/** Daily at 02:00 UTC; the anchor date is fixed so the policy never shows a diff. */
const DAILY_BACKUP_SCHEDULE = "R/2024-01-01T02:00:00+00:00/P1D";

type PolicyRule =
  inputs.dataprotection.AzureBackupRuleArgs | inputs.dataprotection.AzureRetentionRuleArgs;

const VAULT_STORE = { dataStoreType: "VaultStore", objectType: "DataStoreInfoBase" } as const;

function retentionRule(name: string, duration: string, isDefault: boolean): PolicyRule {
  return {
    name,
    objectType: "AzureRetentionRule",
    isDefault,
    lifecycles: [
      {
        deleteAfter: { duration, objectType: "AbsoluteDeleteOption" },
        sourceDataStore: VAULT_STORE,
        targetDataStoreCopySettings: [],
      },
    ],
  };
}

/** Policy rules of the ADLS vaulted-backup policy: one daily backup, tagged monthly and yearly. */
export function adlsBackupPolicyRules(retention: BackupRetention): PolicyRule[] {
  const tagged: {
    tag: "Monthly" | "Yearly";
    duration: string;
    marker: string;
    priority: number;
  }[] = [];
  if (retention.yearlyYears > 0) {
    tagged.push({
      tag: "Yearly",
      duration: `P${retention.yearlyYears}Y`,
      marker: "FirstOfYear",
      priority: 10,
    });
  }
  if (retention.monthlyMonths > 0) {
    tagged.push({
      tag: "Monthly",
      duration: `P${retention.monthlyMonths}M`,
      marker: "FirstOfMonth",
      priority: 15,
    });
  }
  const backupRule: PolicyRule = {
    name: "BackupDaily",
    objectType: "AzureBackupRule",
    backupParameters: { backupType: "Discrete", objectType: "AzureBackupParams" },
    dataStore: VAULT_STORE,
    trigger: {
      objectType: "ScheduleBasedTriggerContext",
      schedule: { repeatingTimeIntervals: [DAILY_BACKUP_SCHEDULE], timeZone: "UTC" },
      taggingCriteria: [
        ...tagged.map((t) => ({
          isDefault: false,
          taggingPriority: t.priority,
          tagInfo: { tagName: t.tag },
          criteria: [
            { objectType: "ScheduleBasedBackupCriteria" as const, absoluteCriteria: [t.marker] },
          ],
        })),
        { isDefault: true, taggingPriority: 99, tagInfo: { tagName: "Default" } },
      ],
    },
  };
  return [
    retentionRule("Default", `P${retention.dailyDays}D`, true),
    ...tagged.map((t) => retentionRule(t.tag, t.duration, false)),
    backupRule,
  ];
}
