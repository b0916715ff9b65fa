/**
 * Cloud Storage lifecycle and soft-delete planning. GCS keeps lifecycle rules on the bucket
 * itself (`lifecycleRules`), so this is a pure planner whose rules the buckets consume.
 *
 * Storage classes and their minimum storage durations
 * (https://cloud.google.com/storage/docs/storage-classes): NEARLINE 30 days, COLDLINE 90 days,
 * ARCHIVE 365 days. All of them serve reads in milliseconds (online), so even ARCHIVE keeps a
 * gold RTO and a query never meets an offline file. A step is planned only where the object then
 * stays its class's minimum (`plannedTransitions`, contract/storage-classes.ts); ARCHIVE only with
 * a year to stay, COLDLINE otherwise.
 *
 * Transitions and age expiry apply to the data files' prefix only (`<table>/data/`): a table not
 * committed to within its retention keeps its current metadata, or it could no longer be read.
 * Noncurrent versions and incomplete uploads are cleaned up bucket-wide.
 */
import { STORAGE_CLASSES, plannedTransitions, type LifecycleDays } from "#contract";

export const DAY_SECONDS = 86_400;

/** GCS soft delete accepts 7 to 90 days (0 disables it, which Meshplane never does). */
const SOFT_DELETE_MIN_DAYS = 7;
const SOFT_DELETE_MAX_DAYS = 90;

/** Incomplete XML-API multipart uploads are aborted after this many days. */
export const ABORT_MULTIPART_AFTER_DAYS = 7;

/** ARCHIVE is only worth it when an object stays there at least its minimum storage duration. */
const ARCHIVE_MIN_STAY_DAYS = STORAGE_CLASSES.gcp.ARCHIVE.minDays;

export type StorageClass = "STANDARD" | "NEARLINE" | "COLDLINE" | "ARCHIVE";

export type LifecycleAction =
  | { type: "SetStorageClass"; storageClass: StorageClass }
  | { type: "Delete" }
  | { type: "AbortIncompleteMultipartUpload" };

export interface LifecycleCondition {
  age?: number;
  matchesPrefixes?: string[];
  daysSinceNoncurrentTime?: number;
  withState?: "LIVE" | "ARCHIVED" | "ANY";
  matchesStorageClasses?: StorageClass[];
}

/** Structurally a `gcp.types.input.storage.BucketLifecycleRule`. */
export interface LifecycleRule {
  action: LifecycleAction;
  condition: LifecycleCondition;
}

export interface LifecyclePlanInput {
  lifecycle: LifecycleDays;
  /** Days a noncurrent version is kept before deletion (the tier's soft-delete window). */
  noncurrentDays: number;
  /** Whether the bucket is versioned; without versions there is no noncurrent rule. */
  versioned: boolean;
  /** Prefix of the objects that move and expire by age (`<table>/data/`, `access/`). */
  dataPrefix: string;
}

/**
 * The class data moves to at `archiveAfterDays`: ARCHIVE when it will stay there at least 365
 * days before expiry, otherwise COLDLINE (cheaper than paying ARCHIVE's early-deletion charge).
 */
export function archiveStorageClass(lifecycle: LifecycleDays): "COLDLINE" | "ARCHIVE" {
  return lifecycle.expireAfterDays - lifecycle.archiveAfterDays >= ARCHIVE_MIN_STAY_DAYS
    ? "ARCHIVE"
    : "COLDLINE";
}

export function lifecycleRules(input: LifecyclePlanInput): LifecycleRule[] {
  if (!Number.isInteger(input.noncurrentDays) || input.noncurrentDays < 1) {
    throw new Error(
      `noncurrentDays must be a whole number of days >= 1, got ${input.noncurrentDays}`,
    );
  }
  if (input.dataPrefix === "" || !input.dataPrefix.endsWith("/")) {
    throw new Error(`dataPrefix must name a folder ending in "/", got "${input.dataPrefix}"`);
  }
  const matchesPrefixes = [input.dataPrefix];
  // The steps whose class minimum the data then stays (contract/storage-classes.ts).
  const { cool, archive, expire } = plannedTransitions("gcp", input.lifecycle);
  const rules: LifecycleRule[] = [];
  if (cool !== undefined) {
    rules.push({
      action: { type: "SetStorageClass", storageClass: "NEARLINE" },
      condition: { age: cool, matchesStorageClasses: ["STANDARD"], matchesPrefixes },
    });
  }
  if (archive !== undefined) {
    rules.push({
      action: { type: "SetStorageClass", storageClass: archiveStorageClass(input.lifecycle) },
      condition: {
        age: archive,
        matchesStorageClasses: ["STANDARD", "NEARLINE"],
        matchesPrefixes,
      },
    });
  }
  rules.push({ action: { type: "Delete" }, condition: { age: expire, matchesPrefixes } });
  if (input.versioned) {
    rules.push({
      action: { type: "Delete" },
      condition: { daysSinceNoncurrentTime: input.noncurrentDays, withState: "ARCHIVED" },
    });
  }
  rules.push({
    action: { type: "AbortIncompleteMultipartUpload" },
    condition: { age: ABORT_MULTIPART_AFTER_DAYS },
  });
  return rules;
}

/** Soft-delete retention in seconds, clamped to what GCS accepts (7 to 90 days). */
export function softDeleteSeconds(softDeleteDays: number): number {
  const days = Math.min(Math.max(softDeleteDays, SOFT_DELETE_MIN_DAYS), SOFT_DELETE_MAX_DAYS);
  return days * DAY_SECONDS;
}
