/**
 * AWS Backup plan rules for the gold tier. Pure.
 *
 * Daily backups kept 30 days and monthly backups kept 12 months, each copied to the vault in the
 * secondary region with the same retention: replication copies deletes of current versions only
 * as delete markers, but a backup is the copy a mistaken pipeline cannot touch at all.
 */

const DAILY_SCHEDULE = "cron(0 3 * * ? *)";
const MONTHLY_SCHEDULE = "cron(0 4 1 * ? *)";
const DAILY_RETENTION_DAYS = 30;
const MONTHLY_RETENTION_DAYS = 365;
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
  copyActions: { destinationVaultArn: string; lifecycle: { deleteAfter: number } }[];
}

export function backupRules(args: { vaultName: string; copyVaultArn: string }): BackupRule[] {
  const rule = (ruleName: string, schedule: string, days: number): BackupRule => ({
    ruleName,
    targetVaultName: args.vaultName,
    schedule,
    startWindow: START_WINDOW_MINUTES,
    completionWindow: COMPLETION_WINDOW_MINUTES,
    lifecycle: { deleteAfter: days },
    copyActions: [{ destinationVaultArn: args.copyVaultArn, lifecycle: { deleteAfter: days } }],
  });
  return [
    rule("daily", DAILY_SCHEDULE, DAILY_RETENTION_DAYS),
    rule("monthly", MONTHLY_SCHEDULE, MONTHLY_RETENTION_DAYS),
  ];
}
