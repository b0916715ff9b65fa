/**
 * What each tier promises. These defaults are the platform team's policy: a spec may ask for
 * longer retention or looser SLAs than its tier's, never for a stronger guarantee than the tier
 * can physically give (an RPO of 5 minutes on bronze has no backup behind it).
 */

/** From the least to the most protection: the compatibility rules read this order. */
export const TIERS = ["bronze", "silver", "gold"] as const;
export type Tier = (typeof TIERS)[number];

export type Redundancy = "local" | "zone" | "geo";

export interface LifecycleDays {
  coolAfterDays: number;
  archiveAfterDays: number;
  expireAfterDays: number;
}

export interface TierPolicy {
  summary: string;
  /** Storage redundancy inside the primary region (geo adds a copy in a second region). */
  redundancy: Redundancy;
  /** A copy of the data in a second region, and a backup schedule that can survive deletes. */
  geoBackup: boolean;
  /** Continuous point-in-time restore where the cloud offers it (Azure blob PITR). */
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
  bronze: {
    summary: "Single-zone storage, versioning, 90-day retention. For raw and reproducible data.",
    redundancy: "local",
    geoBackup: false,
    pointInTimeRestore: false,
    softDeleteDays: 7,
    defaultRetentionDays: 90,
    defaultLifecycle: { coolAfterDays: 30, archiveAfterDays: 60, expireAfterDays: 90 },
    minRpoMinutes: 1440,
    minRtoMinutes: 2880,
    maxAvailabilityPercent: 99.0,
    protectDataStores: false,
  },
  silver: {
    summary: "Zone-redundant storage, versioning and soft delete, one-year retention.",
    redundancy: "zone",
    geoBackup: false,
    pointInTimeRestore: false,
    softDeleteDays: 14,
    defaultRetentionDays: 365,
    defaultLifecycle: { coolAfterDays: 30, archiveAfterDays: 90, expireAfterDays: 365 },
    minRpoMinutes: 60,
    minRtoMinutes: 480,
    maxAvailabilityPercent: 99.9,
    protectDataStores: false,
  },
  gold: {
    summary:
      "Geo-redundant storage with a copy and scheduled backups in a second region, point-in-time restore, seven-year retention.",
    redundancy: "geo",
    geoBackup: true,
    pointInTimeRestore: true,
    softDeleteDays: 30,
    defaultRetentionDays: 2555,
    defaultLifecycle: { coolAfterDays: 30, archiveAfterDays: 180, expireAfterDays: 2555 },
    minRpoMinutes: 15,
    minRtoMinutes: 60,
    maxAvailabilityPercent: 99.99,
    protectDataStores: true,
  },
};
