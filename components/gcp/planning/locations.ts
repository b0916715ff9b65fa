/**
 * Where each GCP store lives, from the primary and secondary regions of a product. Pure: the
 * components and the tests share these rules.
 *
 * - A configurable dual-region bucket is created with `location` set to the multi-region code of
 *   the continent (`EU`, `US`, `ASIA`) and `customPlacementConfig.dataLocations` naming the two
 *   regions; both regions must lie in that multi-region (`GCP_MULTI_REGIONS` in
 *   contract/regions.ts, which the contract checks gold specs against)
 *   (https://cloud.google.com/storage/docs/locations#configurable). Turbo replication
 *   (`rpo: ASYNC_TURBO`, 15-minute RPO) is offered on dual-regions only.
 * - A Cloud KMS key used as a bucket's default key must be in the bucket's location; for a
 *   configurable dual-region that is the associated KMS multi-region (`europe`, `us`, `asia`)
 *   (https://cloud.google.com/storage/docs/encryption/customer-managed-keys, "Restrictions").
 *   KMS calls the European multi-region `europe`, not `eu`.
 */
import { GCP_MULTI_REGIONS, gcpMultiRegionOf } from "#contract";

export interface StoragePlacement {
  /** Bucket `location`: the upper-case region, or the multi-region code of a dual-region. */
  location: string;
  /** The two regions of a dual-region (upper case, as the API returns them); else undefined. */
  dataLocations: readonly [string, string] | undefined;
  /** `rpo` of the bucket: ASYNC_TURBO for dual-regions, unset for regional buckets. */
  rpo: "ASYNC_TURBO" | undefined;
  /** Location of the key ring of a CMEK key this bucket can use. */
  kmsLocation: string;
  /** Regions that hold a copy of the data (lower case). */
  regions: readonly string[];
}

/** A single-region bucket (bronze, silver, and the gold backup bucket). */
export function regionalPlacement(region: string): StoragePlacement {
  return {
    location: region.toUpperCase(),
    dataLocations: undefined,
    rpo: undefined,
    kmsLocation: region,
    regions: [region],
  };
}

/** A configurable dual-region with turbo replication (gold warehouse bucket). */
export function dualRegionPlacement(region: string, secondaryRegion: string): StoragePlacement {
  if (region === secondaryRegion) {
    throw new Error(`a dual-region needs two distinct regions, got ${region} twice`);
  }
  // The contract refuses gold where this throws (regionTierProblem); kept so the planner stands
  // on its own.
  const multi = gcpMultiRegionOf(region);
  if (multi === undefined) {
    throw new Error(
      `Cloud Storage offers configurable dual-regions only inside the ${Object.values(
        GCP_MULTI_REGIONS,
      )
        .map((m) => m.storage)
        .join(
          ", ",
        )} multi-regions; ${region} is in none of them, so a gold product cannot be placed there`,
    );
  }
  if (gcpMultiRegionOf(secondaryRegion)?.storage !== multi.storage) {
    throw new Error(
      `a dual-region bucket needs both regions in one multi-region: ${region} is in ${multi.storage}, ${secondaryRegion} is not`,
    );
  }
  return {
    location: multi.storage,
    dataLocations: [region.toUpperCase(), secondaryRegion.toUpperCase()],
    rpo: "ASYNC_TURBO",
    kmsLocation: multi.kms,
    regions: [region, secondaryRegion],
  };
}

/** Placement of a product's warehouse bucket: dual-region when the tier keeps a geo copy. */
export function warehousePlacement(
  region: string,
  secondaryRegion: string | undefined,
): StoragePlacement {
  return secondaryRegion === undefined
    ? regionalPlacement(region)
    : dualRegionPlacement(region, secondaryRegion);
}

/**
 * Where the gold backup bucket lives: the secondary region, as a regional bucket. The product
 * owner approved exactly two regions (target.region and secondaryRegion); a third region would
 * move data somewhere nobody agreed to. The dual-region already survives the loss of either
 * region; the backup exists to survive deletes and overwrites, which replication copies.
 */
export function backupPlacement(secondaryRegion: string): StoragePlacement {
  return regionalPlacement(secondaryRegion);
}

/**
 * Whether a BigQuery dataset in `datasetLocation` can hold a BigLake table over a bucket placed
 * so. BigQuery needs the data colocated: a multi-region dataset (`EU`, `US`) reads buckets in
 * that multi-region (regional or dual-region); a regional dataset reads buckets holding data in
 * that region.
 */
export function datasetCanReadBucket(datasetLocation: string, bucket: StoragePlacement): boolean {
  const dataset = datasetLocation.toLowerCase();
  const first = bucket.regions[0];
  if (first === undefined) return false;
  if (dataset === "eu" || dataset === "us") {
    return bucket.regions.every((r) => gcpMultiRegionOf(r)?.storage.toLowerCase() === dataset);
  }
  return bucket.regions.includes(dataset);
}
