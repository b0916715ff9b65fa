/**
 * S3 lifecycle planning: the rules of a product bucket from its lifecycle days. Pure.
 *
 * Which steps are taken is the contract's rule (`plannedTransitions`, contract/storage-classes.ts):
 * STANDARD_IA from day 30 at the earliest, GLACIER_IR when the data then stays there 90 days, both
 * served in milliseconds so the Iceberg table stays queryable. DEEP_ARCHIVE needs a restore
 * (12-48 h) before an object can be read: a query touching such a file fails, so only the gold
 * replica (read on disaster recovery, never queried) moves there, after the Glacier IR minimum and
 * only when the object then stays the DEEP_ARCHIVE minimum.
 *
 * Tiering and age expiry apply to the data files' prefix only (`<table>/data/`): Iceberg's
 * metadata is never moved or expired by age, or a table not committed within its retention would
 * lose its current metadata. Noncurrent versions, expired delete markers and incomplete uploads
 * are cleaned up bucket-wide: none of them is a current object a reader needs.
 */
import { STORAGE_CLASSES, plannedTransitions, type LifecycleDays } from "#contract";

export const ABORT_MULTIPART_AFTER_DAYS = 7;

export type S3StorageClass = "STANDARD_IA" | "GLACIER_IR" | "DEEP_ARCHIVE";

export interface S3Transition {
  days: number;
  storageClass: S3StorageClass;
}

export interface S3LifecycleRule {
  id: string;
  status: "Enabled";
  filter: { prefix: string };
  transitions?: S3Transition[];
  expiration?: { days: number } | { expiredObjectDeleteMarker: true };
  noncurrentVersionExpiration?: { noncurrentDays: number };
  abortIncompleteMultipartUpload?: { daysAfterInitiation: number };
}

export interface LifecyclePlanArgs {
  lifecycle: LifecycleDays;
  /** Days a noncurrent (overwritten or deleted) version is kept: the tier's soft-delete window. */
  noncurrentDays: number;
  /** Whether current versions may move to DEEP_ARCHIVE (copies that are never queried). */
  allowDeepArchive: boolean;
  /** The objects that tier and expire by age, e.g. `iceberg/orders/data/`; never the bucket root. */
  dataPrefix: string;
}

/** Day data moves to DEEP_ARCHIVE, or undefined when it would not stay there long enough. */
export function deepArchiveDay(lifecycle: LifecycleDays): number | undefined {
  const archive = plannedTransitions("aws", lifecycle).archive;
  if (archive === undefined) return undefined;
  const day = archive + STORAGE_CLASSES.aws.GLACIER_IR.minDays;
  return lifecycle.expireAfterDays - day >= STORAGE_CLASSES.aws.DEEP_ARCHIVE.minDays
    ? day
    : undefined;
}

export function currentVersionTransitions(
  lifecycle: LifecycleDays,
  allowDeepArchive: boolean,
): S3Transition[] {
  const { cool, archive } = plannedTransitions("aws", lifecycle);
  const deep = allowDeepArchive ? deepArchiveDay(lifecycle) : undefined;
  return [
    ...(cool === undefined ? [] : [{ days: cool, storageClass: "STANDARD_IA" as const }]),
    ...(archive === undefined ? [] : [{ days: archive, storageClass: "GLACIER_IR" as const }]),
    ...(deep === undefined ? [] : [{ days: deep, storageClass: "DEEP_ARCHIVE" as const }]),
  ];
}

function checkArgs(args: LifecyclePlanArgs): void {
  if (!Number.isInteger(args.noncurrentDays) || args.noncurrentDays < 1) {
    throw new Error(
      `noncurrentDays must be a whole number of at least 1, got ${args.noncurrentDays}`,
    );
  }
  if (args.dataPrefix === "" || args.dataPrefix.startsWith("/") || !args.dataPrefix.endsWith("/")) {
    throw new Error(
      `dataPrefix must be a folder below the bucket root ending in "/", got "${args.dataPrefix}"`,
    );
  }
}

/**
 * Four rules (one product per bucket): tiering and expiry of the current data files; expiry of
 * noncurrent versions after the soft-delete window; removal of expired delete markers (S3 does not
 * allow it in a rule that also expires by days); and aborting incomplete multipart uploads.
 */
export function lifecycleRules(args: LifecyclePlanArgs): S3LifecycleRule[] {
  checkArgs(args);
  const transitions = currentVersionTransitions(args.lifecycle, args.allowDeepArchive);
  const whole = { prefix: "" };
  return [
    {
      id: "tier-and-expire-data",
      status: "Enabled",
      filter: { prefix: args.dataPrefix },
      ...(transitions.length > 0 ? { transitions } : {}),
      expiration: { days: args.lifecycle.expireAfterDays },
    },
    {
      id: "expire-noncurrent",
      status: "Enabled",
      filter: whole,
      noncurrentVersionExpiration: { noncurrentDays: args.noncurrentDays },
    },
    {
      id: "remove-expired-delete-markers",
      status: "Enabled",
      filter: whole,
      expiration: { expiredObjectDeleteMarker: true },
    },
    {
      id: "abort-incomplete-uploads",
      status: "Enabled",
      filter: whole,
      abortIncompleteMultipartUpload: { daysAfterInitiation: ABORT_MULTIPART_AFTER_DAYS },
    },
  ];
}
