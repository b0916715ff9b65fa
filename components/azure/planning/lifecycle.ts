/**
 * Lifecycle-management rules for the data lake. Pure: returns the `policy.rules` of a
 * `storage.ManagementPolicy`.
 *
 * Layout assumed (Iceberg's own): `<container>/<table path>/data/...` holds immutable data files,
 * `<container>/<table path>/metadata/...` the table metadata. Only data files move to cooler tiers:
 * an archived metadata file would make the whole table unreadable until it is rehydrated, and
 * metadata is small. Expiry applies to the whole container, so nothing outlives the lifecycle.
 */
import type { LifecycleDays } from "#contract";
import { RUNTIME_STORAGE_RETENTION_DAYS, supportsArchiveTier } from "./storage";

export interface AfterModification {
  daysAfterModificationGreaterThan: number;
}
export interface AfterCreation {
  daysAfterCreationGreaterThan: number;
}

export interface LifecycleRule {
  name: string;
  enabled: true;
  type: "Lifecycle";
  definition: {
    filters: { blobTypes: ["blockBlob"]; prefixMatch?: string[] };
    actions: {
      baseBlob?: {
        tierToCool?: AfterModification;
        tierToCold?: AfterModification;
        tierToArchive?: AfterModification;
        delete?: AfterModification;
      };
      snapshot?: {
        tierToCool?: AfterCreation;
        tierToCold?: AfterCreation;
        tierToArchive?: AfterCreation;
        delete?: AfterCreation;
      };
      version?: { delete?: AfterCreation };
    };
  };
}

export interface DataLifecycleInput {
  lifecycle: LifecycleDays;
  /** Account SKU: decides whether the coldest tier is archive (LRS) or cold (zone-redundant). */
  skuName: string;
  container: string;
  tablePath: string;
}

/** The coldest tier a blob can reach on this account. */
export function coldestTier(skuName: string): "archive" | "cold" {
  return supportsArchiveTier(skuName) ? "archive" : "cold";
}

/**
 * Two rules: tier the table's data files (cool at coolAfterDays, then archive or cold at
 * archiveAfterDays), and expire everything in the container at expireAfterDays, which the
 * contract guarantees is never before the retention. Snapshots (a preview feature on ADLS Gen2)
 * follow the same days. There are no version rules: versioning cannot be enabled on ADLS Gen2.
 */
export function dataLifecycleRules(input: DataLifecycleInput): LifecycleRule[] {
  const { coolAfterDays, archiveAfterDays, expireAfterDays } = input.lifecycle;
  const cold = coldestTier(input.skuName);
  const baseCold = { daysAfterModificationGreaterThan: archiveAfterDays };
  const snapshotCold = { daysAfterCreationGreaterThan: archiveAfterDays };
  return [
    {
      name: "tier-data-files",
      enabled: true,
      type: "Lifecycle",
      definition: {
        filters: {
          blobTypes: ["blockBlob"],
          prefixMatch: [`${input.container}/${input.tablePath}/data/`],
        },
        actions: {
          baseBlob: {
            tierToCool: { daysAfterModificationGreaterThan: coolAfterDays },
            ...(cold === "archive" ? { tierToArchive: baseCold } : { tierToCold: baseCold }),
          },
          snapshot: {
            tierToCool: { daysAfterCreationGreaterThan: coolAfterDays },
            ...(cold === "archive"
              ? { tierToArchive: snapshotCold }
              : { tierToCold: snapshotCold }),
          },
        },
      },
    },
    {
      name: "expire",
      enabled: true,
      type: "Lifecycle",
      definition: {
        filters: { blobTypes: ["blockBlob"], prefixMatch: [`${input.container}/`] },
        actions: {
          baseBlob: { delete: { daysAfterModificationGreaterThan: expireAfterDays } },
          snapshot: { delete: { daysAfterCreationGreaterThan: expireAfterDays } },
        },
      },
    },
  ];
}

/**
 * Function runtime storage keeps previous versions of its blobs (the deployment package, host
 * state) for a week, so a bad deployment can be rolled back without versions piling up.
 */
export function runtimeStorageLifecycleRules(): LifecycleRule[] {
  return [
    {
      name: "expire-previous-versions",
      enabled: true,
      type: "Lifecycle",
      definition: {
        filters: { blobTypes: ["blockBlob"] },
        actions: {
          version: { delete: { daysAfterCreationGreaterThan: RUNTIME_STORAGE_RETENTION_DAYS } },
        },
      },
    },
  ];
}
