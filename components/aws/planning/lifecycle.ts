/**
 * S3 lifecycle planning: the rules of a product bucket from its lifecycle days. Pure.
 *
 * Storage classes (https://docs.aws.amazon.com/AmazonS3/latest/userguide/lifecycle-transition-general-considerations.html):
 * STANDARD_IA from day 30 at the earliest (the contract checks it), GLACIER_IR at least 30 days
 * later, both served in milliseconds, so the Iceberg table stays queryable. DEEP_ARCHIVE needs a
 * restore (12-48 h) before an object can be read: a query touching such a file fails, so only
 * the gold replica (read on disaster recovery, never queried) moves there, after the Glacier IR
 * minimum of 90 days and only when the object then stays the 180-day DEEP_ARCHIVE minimum.
 */
import type { LifecycleDays } from "#contract";

export const ABORT_MULTIPART_AFTER_DAYS = 7;
const GLACIER_IR_MIN_DAYS = 90;
const DEEP_ARCHIVE_MIN_DAYS = 180;
/** STANDARD_IA's minimum storage duration, and the earliest a noncurrent version may move. */
const STANDARD_IA_MIN_DAYS = 30;

export type S3StorageClass = "STANDARD_IA" | "GLACIER_IR" | "DEEP_ARCHIVE";

export interface S3LifecycleRule {
  id: string;
  status: "Enabled";
  filter: { prefix: string };
  transitions?: { days: number; storageClass: S3StorageClass }[];
  expiration?: { days: number } | { expiredObjectDeleteMarker: true };
  noncurrentVersionTransitions?: { noncurrentDays: number; storageClass: S3StorageClass }[];
  noncurrentVersionExpiration?: { noncurrentDays: number };
  abortIncompleteMultipartUpload?: { daysAfterInitiation: number };
}

export interface LifecyclePlanArgs {
  lifecycle: LifecycleDays;
  /** Days a noncurrent (overwritten or deleted) version is kept: the tier's soft-delete window. */
  noncurrentDays: number;
  /** Whether current versions may move to DEEP_ARCHIVE (copies that are never queried). */
  allowDeepArchive: boolean;
}

/** Day data moves to DEEP_ARCHIVE, or undefined when it would not stay there long enough. */
export function deepArchiveDay(lifecycle: LifecycleDays): number | undefined {
  const day = lifecycle.archiveAfterDays + GLACIER_IR_MIN_DAYS;
  return lifecycle.expireAfterDays - day >= DEEP_ARCHIVE_MIN_DAYS ? day : undefined;
}

export function currentVersionTransitions(
  lifecycle: LifecycleDays,
  allowDeepArchive: boolean,
): { days: number; storageClass: S3StorageClass }[] {
  const transitions: { days: number; storageClass: S3StorageClass }[] = [
    { days: lifecycle.coolAfterDays, storageClass: "STANDARD_IA" },
    { days: lifecycle.archiveAfterDays, storageClass: "GLACIER_IR" },
  ];
  const deep = allowDeepArchive ? deepArchiveDay(lifecycle) : undefined;
  if (deep !== undefined) transitions.push({ days: deep, storageClass: "DEEP_ARCHIVE" });
  return transitions;
}

function checkDays(args: LifecyclePlanArgs): void {
  const { coolAfterDays, archiveAfterDays, expireAfterDays } = args.lifecycle;
  if (coolAfterDays < STANDARD_IA_MIN_DAYS) {
    throw new Error(
      `coolAfterDays must be at least ${STANDARD_IA_MIN_DAYS} on S3, got ${coolAfterDays}`,
    );
  }
  if (
    archiveAfterDays < coolAfterDays + STANDARD_IA_MIN_DAYS ||
    expireAfterDays <= archiveAfterDays
  ) {
    throw new Error(
      `lifecycle days must satisfy cool + 30 <= archive < expire, got ${coolAfterDays}/${archiveAfterDays}/${expireAfterDays}`,
    );
  }
  if (!Number.isInteger(args.noncurrentDays) || args.noncurrentDays < 1) {
    throw new Error(
      `noncurrentDays must be a whole number of at least 1, got ${args.noncurrentDays}`,
    );
  }
}

/**
 * Three rules over the whole bucket (one product per bucket): tiering and expiry of current
 * versions plus noncurrent-version expiry; removal of expired delete markers (S3 does not allow
 * it in a rule that also expires by days); and aborting incomplete multipart uploads.
 */
export function lifecycleRules(args: LifecyclePlanArgs): S3LifecycleRule[] {
  checkDays(args);
  const whole = { prefix: "" };
  const noncurrentTransitions =
    args.noncurrentDays > STANDARD_IA_MIN_DAYS
      ? [{ noncurrentDays: STANDARD_IA_MIN_DAYS, storageClass: "STANDARD_IA" as const }]
      : [];
  return [
    {
      id: "tier-and-expire",
      status: "Enabled",
      filter: whole,
      transitions: currentVersionTransitions(args.lifecycle, args.allowDeepArchive),
      expiration: { days: args.lifecycle.expireAfterDays },
      ...(noncurrentTransitions.length > 0
        ? { noncurrentVersionTransitions: noncurrentTransitions }
        : {}),
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
