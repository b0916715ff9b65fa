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
 * So the geo copy of a gold product is its RA-GZRS account; the vaulted ADLS backup is added where
 * Azure offers it.
 */
import type * as inputs from "@pulumi/azure-native/types/input";

export const ADLS_BACKUP_DATASOURCE_TYPE = "Microsoft.Storage/storageAccounts/adlsBlobServices";
export const STORAGE_ACCOUNT_RESOURCE_TYPE = "Microsoft.Storage/storageAccounts";

/** Regions where Microsoft lists vaulted backup for ADLS Gen2 (see the module comment). */
const ADLS_VAULTED_BACKUP_REGIONS: ReadonlySet<string> = new Set([
  "francesouth",
  "westindia",
  "westcentralus",
  "eastasia",
  "centralindia",
]);

export function adlsVaultedBackupAvailable(region: string): boolean {
  return ADLS_VAULTED_BACKUP_REGIONS.has(region);
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
