/**
 * AWS Backup plan rules and vault lock for the gold tier. Pure.
 *
 * - daily backups kept 30 days and monthly backups kept 12 months, each copied to the vault in
 *   the secondary region with the same retention: replication copies deletes of current versions
 *   only as delete markers, but a backup is the copy a mistaken pipeline cannot touch at all;
 * - continuous backup (point-in-time restore, the tier's promise) kept 35 days, the longest AWS
 *   allows (docs.aws.amazon.com/aws-backup/latest/devguide/point-in-time-recovery.html), which
 *   covers gold's 30-day soft-delete window. It is not copied: a cross-region copy of a continuous
 *   backup becomes a snapshot without point-in-time restore, and the daily copies exist already;
 * - both vaults locked in compliance mode: after a grace period of 3 days nobody, the root user
 *   included, can delete a recovery point before its retention ends or remove the lock
 *   (PutBackupVaultLockConfiguration `ChangeableForDays`). Every rule keeps its backups at least
 *   the lock's minimum, so no job is refused.
 */

const DAILY_SCHEDULE = "cron(0 3 * * ? *)";
const MONTHLY_SCHEDULE = "cron(0 4 1 * ? *)";
const CONTINUOUS_SCHEDULE = "cron(0 5 * * ? *)";
export const DAILY_RETENTION_DAYS = 30;
const MONTHLY_RETENTION_DAYS = 365;
export const CONTINUOUS_RETENTION_DAYS = 35;
/** Minutes a backup may wait to start, and to finish (large buckets take hours). */
const START_WINDOW_MINUTES = 60;
const COMPLETION_WINDOW_MINUTES = 1440;

export interface BackupRule {
  ruleName: string;
  targetVaultName: string;
  schedule: string;
  startWindow: number;
  completionWindow: number;
  lifecycle: { deleteAfter: number };
  enableContinuousBackup?: true;
  copyActions?: { destinationVaultArn: string; lifecycle: { deleteAfter: number } }[];
}

export function backupRules(args: { vaultName: string; copyVaultArn: string }): BackupRule[] {
  const rule = (ruleName: string, schedule: string, days: number): BackupRule => ({
    ruleName,
    targetVaultName: args.vaultName,
    schedule,
    startWindow: START_WINDOW_MINUTES,
    completionWindow: COMPLETION_WINDOW_MINUTES,
    lifecycle: { deleteAfter: days },
  });
  const copied = (ruleName: string, schedule: string, days: number): BackupRule => ({
    ...rule(ruleName, schedule, days),
    copyActions: [{ destinationVaultArn: args.copyVaultArn, lifecycle: { deleteAfter: days } }],
  });
  return [
    copied("daily", DAILY_SCHEDULE, DAILY_RETENTION_DAYS),
    copied("monthly", MONTHLY_SCHEDULE, MONTHLY_RETENTION_DAYS),
    {
      ...rule("continuous", CONTINUOUS_SCHEDULE, CONTINUOUS_RETENTION_DAYS),
      enableContinuousBackup: true,
    },
  ];
}

export interface VaultLock {
  /** Days the lock can still be changed or removed; after them it is immutable (compliance mode). */
  changeableForDays: number;
  /** No recovery point in the vault may be deleted before it is this many days old. */
  minRetentionDays: number;
}

/** The lock of a gold vault: compliance mode after the shortest grace period AWS allows. */
export const VAULT_LOCK: VaultLock = {
  changeableForDays: 3,
  minRetentionDays: DAILY_RETENTION_DAYS,
};
