/**
 * Lifecycle-management rules for the data lake. Pure: returns the `policy.rules` of a
 * `storage.ManagementPolicy`.
 *
 * Layout assumed (Iceberg's own): `<container>/<table path>/data/...` holds immutable data files,
 * `<container>/<table path>/metadata/...` the table metadata. Every action is scoped to the data
 * files: a table that is not committed to within its retention must keep its current metadata, or
 * it can no longer be read at all, and metadata is small.
 *
 * Tiers: data files move to Cool, then to Cold, both online (a query reads them in milliseconds,
 * at a higher read price). Archive is never used: it is offline (hours to rehydrate, so a query
 * would fail on an archived file), bills 180 days at least, and does not exist on zone-redundant
 * accounts ("The Archive tier is not supported for ZRS, GZRS, or RA-GZRS accounts",
 * learn.microsoft.com/azure/storage/blobs/access-tiers-overview). Cool bills at least 30 days and
 * Cold 90 (same page), so a step whose stay would be shorter is skipped (`plannedTransitions`,
 * contract/storage-classes.ts).
 *
 * No snapshot or version actions: versioning does not exist on ADLS Gen2, and nothing in the
 * platform takes blob snapshots (the vaulted ADLS backup keeps its own recovery points).
 */
import { plannedTransitions, type LifecycleDays } from "#contract";
import { dataFilesPrefix } from "../../iceberg-table";
import { RUNTIME_STORAGE_RETENTION_DAYS } from "./storage";

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
        delete?: AfterModification;
      };
      version?: { delete?: AfterCreation };
    };
  };
}

export interface DataLifecycleInput {
  lifecycle: LifecycleDays;
  container: string;
  tablePath: string;
}

/** Where the table's data files live, as a lifecycle prefix (`<container>/<table path>/data/`). */
export function containerDataPrefix(container: string, tablePath: string): string {
  return `${container}/${dataFilesPrefix(tablePath)}`;
}

/**
 * One rule on the table's data files: Cool at coolAfterDays and Cold at archiveAfterDays where the
 * tier's minimum stay fits, deleted at expireAfterDays (never before the retention: the
 * contract's rule).
 */
export function dataLifecycleRules(input: DataLifecycleInput): LifecycleRule[] {
  const { cool, archive, expire } = plannedTransitions("azure", input.lifecycle);
  const after = (days: number): AfterModification => ({ daysAfterModificationGreaterThan: days });
  return [
    {
      name: "tier-and-expire-data-files",
      enabled: true,
      type: "Lifecycle",
      definition: {
        filters: {
          blobTypes: ["blockBlob"],
          prefixMatch: [containerDataPrefix(input.container, input.tablePath)],
        },
        actions: {
          baseBlob: {
            ...(cool === undefined ? {} : { tierToCool: after(cool) }),
            ...(archive === undefined ? {} : { tierToCold: after(archive) }),
            delete: after(expire),
          },
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
