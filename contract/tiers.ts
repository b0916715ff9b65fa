/**
 * What each tier promises. These defaults are the platform team's policy: a spec may ask for
 * longer retention or looser SLAs than its tier's, never for a stronger guarantee than the tier
 * can physically give (an RPO of 5 minutes on bronze has no backup behind it).
 */

/** From the least to the most protection: the compatibility rules read this order. */
export const TIERS = ["bronze", "silver", "gold"] as const;
export type Tier = (typeof TIERS)[number];

export type Redundancy = "local" | "zone" | "geo";

/**
 * When a product's data files move to cool storage, to archive storage and expire, in days after
 * they were written. Archive on or after expiry means the data expires before it would be archived.
 * Each cloud takes a step only when it is online and the data then stays the class's minimum
 * storage duration (storage-classes.ts); expiry applies to data files, never to table metadata.
 */
export interface LifecycleDays {
  coolAfterDays: number;
  archiveAfterDays: number;
  expireAfterDays: number;
}

/**
 * The platform's promise for every tier: cool at 30 days, archive at 90, delete at the retention.
 * A tier's default retention fills in the expiry (effectiveRetention in spec.ts).
 */
export const DEFAULT_COOL_AFTER_DAYS = 30;
export const DEFAULT_ARCHIVE_AFTER_DAYS = 90;

/** A tier's policy with the promised lifecycle, which expires at the tier's default retention. */
function withPromisedLifecycle(policy: Omit<TierPolicy, "defaultLifecycle">): TierPolicy {
  return {
    ...policy,
    defaultLifecycle: {
      coolAfterDays: DEFAULT_COOL_AFTER_DAYS,
      archiveAfterDays: DEFAULT_ARCHIVE_AFTER_DAYS,
      expireAfterDays: policy.defaultRetentionDays,
    },
  };
}

export interface TierPolicy {
  summary: string;
  /** Storage redundancy inside the primary region (geo adds a copy in a second region). */
  redundancy: Redundancy;
  /** A copy of the data in a second region, and a backup schedule that can survive deletes. */
  geoBackup: boolean;
  /**
   * Continuous point-in-time restore where the cloud offers it: AWS Backup continuous backup of
   * the S3 bucket, object versioning on GCS; ADLS Gen2 has none (docs/components.md controls).
   */
  pointInTimeRestore: boolean;
  /** Days a deleted object or version stays recoverable (soft delete / noncurrent retention). */
  softDeleteDays: number;
  defaultRetentionDays: number;
  defaultLifecycle: LifecycleDays;
  /** Best recovery point the tier's replication and backups can deliver. */
  minRpoMinutes: number;
  /** Best recovery time the tier's restore path can deliver. */
  minRtoMinutes: number;
  /** Highest availability the tier's redundancy supports. */
  maxAvailabilityPercent: number;
  /**
   * Pulumi `protect` on data stores: a gold product cannot be deleted even by an explicit destroy
   * until the protection is lifted. Every tier also retains its data stores on delete.
   */
  protectDataStores: boolean;
}

export const TIER_POLICIES: Readonly<Record<Tier, TierPolicy>> = {
  bronze: withPromisedLifecycle({
    summary: "Single-zone storage, versioning, 90-day retention. For raw and reproducible data.",
    redundancy: "local",
    geoBackup: false,
    pointInTimeRestore: false,
    softDeleteDays: 7,
    defaultRetentionDays: 90,
    minRpoMinutes: 1440,
    minRtoMinutes: 2880,
    maxAvailabilityPercent: 99.0,
    protectDataStores: false,
  }),
  silver: withPromisedLifecycle({
    summary: "Zone-redundant storage, versioning and soft delete, one-year retention.",
    redundancy: "zone",
    geoBackup: false,
    pointInTimeRestore: false,
    softDeleteDays: 14,
    defaultRetentionDays: 365,
    minRpoMinutes: 60,
    minRtoMinutes: 480,
    maxAvailabilityPercent: 99.9,
    protectDataStores: false,
  }),
  gold: withPromisedLifecycle({
    summary:
      "Geo-redundant storage with a copy and scheduled backups in a second region, point-in-time restore, seven-year retention.",
    redundancy: "geo",
    geoBackup: true,
    pointInTimeRestore: true,
    softDeleteDays: 30,
    defaultRetentionDays: 2555,
    minRpoMinutes: 15,
    minRtoMinutes: 60,
    maxAvailabilityPercent: 99.99,
    protectDataStores: true,
  }),
};
