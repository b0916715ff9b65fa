/**
 * Regions Meshplane deploys to, the default secondary region of each for geo backup, and the
 * facts about each cloud's regions that decide whether a tier can be built there. The contract
 * checks specs against these facts and the components plan from the same tables, so a spec the
 * contract accepts can be deployed.
 *
 * AWS has no official pairs: we pair with the nearest region in the same jurisdiction.
 * Azure pairs follow Microsoft's published region pairs (what GRS/GZRS replicate to anyway).
 * GCP pairs are custom dual-region placements, which must stay on one continent.
 */
import { TIERS, TIER_POLICIES, type Tier } from "./tiers";

export const CLOUDS = ["aws", "azure", "gcp", "local"] as const;
export type Cloud = (typeof CLOUDS)[number];

export const LOCAL_REGION = "local";

/** How messages name each cloud. */
export const CLOUD_NAMES: Readonly<Record<Cloud, string>> = {
  aws: "AWS",
  azure: "Azure",
  gcp: "GCP",
  local: "local",
};

export const REGION_PAIRS: Readonly<
  Record<Exclude<Cloud, "local">, Readonly<Record<string, string>>>
> = {
  aws: {
    "us-east-1": "us-west-2",
    "us-east-2": "us-west-2",
    "us-west-1": "us-east-1",
    "us-west-2": "us-east-1",
    "ca-central-1": "us-east-1",
    "sa-east-1": "us-east-1",
    "eu-west-1": "eu-central-1",
    "eu-west-2": "eu-west-1",
    "eu-west-3": "eu-central-1",
    "eu-central-1": "eu-west-1",
    "eu-north-1": "eu-central-1",
    "ap-south-1": "ap-southeast-1",
    "ap-southeast-1": "ap-southeast-2",
    "ap-southeast-2": "ap-southeast-1",
    "ap-northeast-1": "ap-northeast-3",
    "ap-northeast-3": "ap-northeast-1",
  },
  azure: {
    eastus: "westus",
    westus: "eastus",
    eastus2: "centralus",
    centralus: "eastus2",
    westus2: "westcentralus",
    westcentralus: "westus2",
    westus3: "eastus",
    canadacentral: "canadaeast",
    canadaeast: "canadacentral",
    northeurope: "westeurope",
    westeurope: "northeurope",
    uksouth: "ukwest",
    ukwest: "uksouth",
    francecentral: "francesouth",
    germanywestcentral: "germanynorth",
    swedencentral: "swedensouth",
    southeastasia: "eastasia",
    eastasia: "southeastasia",
    australiaeast: "australiasoutheast",
    australiasoutheast: "australiaeast",
    japaneast: "japanwest",
    japanwest: "japaneast",
    centralindia: "southindia",
  },
  gcp: {
    "us-central1": "us-east1",
    "us-east1": "us-central1",
    "us-east4": "us-central1",
    "us-west1": "us-west2",
    "us-west2": "us-west1",
    "northamerica-northeast1": "northamerica-northeast2",
    "northamerica-northeast2": "northamerica-northeast1",
    "europe-west1": "europe-west4",
    "europe-west4": "europe-west1",
    "europe-west2": "europe-west1",
    "europe-west3": "europe-west4",
    "europe-north1": "europe-west4",
    "asia-northeast1": "asia-northeast2",
    "asia-northeast2": "asia-northeast1",
    "asia-southeast1": "asia-east1",
    "asia-east1": "asia-southeast1",
    "australia-southeast1": "australia-southeast2",
    "australia-southeast2": "australia-southeast1",
  },
};

/** Regions a product may be deployed to; secondary-only regions are valid as secondaries. */
export function knownRegions(cloud: Cloud): readonly string[] {
  if (cloud === "local") return [LOCAL_REGION];
  const pairs = REGION_PAIRS[cloud];
  return [...new Set([...Object.keys(pairs), ...Object.values(pairs)])].sort();
}

export function defaultSecondaryRegion(cloud: Cloud, region: string): string | undefined {
  if (cloud === "local") return undefined;
  return REGION_PAIRS[cloud][region];
}

/** GCP dual-region buckets need both regions on one continent (the multi-region code). */
export function gcpContinent(region: string): string {
  const prefix = region.split("-")[0] ?? region;
  if (prefix === "us" || prefix === "northamerica") return "NAM";
  if (prefix === "europe") return "EUR";
  if (prefix === "asia") return "ASIA";
  if (prefix === "australia") return "AUS";
  return prefix.toUpperCase();
}

export interface GcpMultiRegion {
  /** Cloud Storage multi-region code, the `location` of a configurable dual-region bucket. */
  storage: string;
  /** Cloud KMS multi-region location holding keys for buckets in that multi-region. */
  kms: string;
}

/**
 * Continents (`gcpContinent`) whose Cloud Storage multi-region offers configurable dual-regions:
 * both regions of one must lie in one of these multi-regions
 * (https://cloud.google.com/storage/docs/locations#configurable). A CMEK key of such a bucket
 * lives in the associated KMS multi-region, which KMS calls `europe`, not `eu`
 * (https://cloud.google.com/storage/docs/encryption/customer-managed-keys, "Restrictions").
 * Elsewhere (Australia) a product cannot have a dual-region bucket, so not gold.
 */
export const GCP_MULTI_REGIONS: Readonly<Record<string, GcpMultiRegion>> = {
  NAM: { storage: "US", kms: "us" },
  EUR: { storage: "EU", kms: "europe" },
  ASIA: { storage: "ASIA", kms: "asia" },
};

export function gcpMultiRegionOf(region: string): GcpMultiRegion | undefined {
  return GCP_MULTI_REGIONS[gcpContinent(region)];
}

/**
 * Azure regions Meshplane deploys to where Microsoft offers ZRS and GZRS for standard
 * general-purpose v2 accounts ("Azure regions that support zone-redundant storage" /
 * "... geo-zone-redundant storage", learn.microsoft.com/azure/storage/common/redundancy-regions-zrs
 * and -gzrs). The other Azure regions of REGION_PAIRS (westus, westcentralus, canadaeast, ukwest,
 * francesouth, germanynorth, swedensouth, australiasoutheast, japanwest, southindia) have no
 * availability zones for storage: only locally redundant storage, so only tiers with local
 * redundancy.
 */
export const AZURE_ZONE_REDUNDANT_REGIONS: ReadonlySet<string> = new Set([
  "eastus",
  "eastus2",
  "centralus",
  "westus2",
  "westus3",
  "canadacentral",
  "northeurope",
  "westeurope",
  "uksouth",
  "francecentral",
  "germanywestcentral",
  "swedencentral",
  "southeastasia",
  "eastasia",
  "australiaeast",
  "japaneast",
  "centralindia",
]);

/**
 * Azure regions where Azure Backup offers vaulted backup of ADLS Gen2 (hierarchical-namespace)
 * accounts, the only Azure Backup datasource that accepts them ("Support matrix for Azure Data
 * Lake Storage vaulted backup", learn.microsoft.com/azure/backup/
 * azure-data-lake-storage-backup-support-matrix, 2025-06: France South, India West, West Central
 * US, East Asia, India Central; a preview that a subscription enrols in). Operational and vaulted
 * *blob* backup refuse HNS accounts (blob-backup-support-matrix).
 */
export const ADLS_VAULTED_BACKUP_REGIONS: ReadonlySet<string> = new Set([
  "francesouth",
  "westindia",
  "westcentralus",
  "eastasia",
  "centralindia",
]);

/**
 * Gold on Azure: zone-redundant storage replicated to the paired region (RA-GZRS) and daily
 * backups in a geo-redundant Backup vault, which Azure offers for ADLS Gen2 only in
 * ADLS_VAULTED_BACKUP_REGIONS. Gold is accepted where both hold: eastasia and centralindia.
 */
export function azureGoldHolds(region: string): boolean {
  return AZURE_ZONE_REDUNDANT_REGIONS.has(region) && ADLS_VAULTED_BACKUP_REGIONS.has(region);
}

/** Whether the primary region can hold the tier's storage, whatever the secondary region. */
function regionHolds(cloud: Cloud, region: string, tier: Tier): boolean {
  const policy = TIER_POLICIES[tier];
  switch (cloud) {
    case "azure":
      if (policy.geoBackup) return azureGoldHolds(region);
      return policy.redundancy === "local" || AZURE_ZONE_REDUNDANT_REGIONS.has(region);
    case "gcp":
      return !policy.geoBackup || gcpMultiRegionOf(region) !== undefined;
    default:
      return true;
  }
}

/** The tiers a known region of a cloud can hold. */
export function tiersIn(cloud: Cloud, region: string): Tier[] {
  return TIERS.filter((tier) => regionHolds(cloud, region, tier));
}

/**
 * Why a tier cannot be built in a known region of a cloud, or undefined when it can: Azure has
 * zone-redundant storage (silver, gold) only in regions with availability zones and a vaulted
 * backup of ADLS Gen2 (gold) in two of them, and GCP has dual-region buckets (gold) only inside
 * its US, EU and ASIA multi-regions.
 */
export function regionTierProblem(cloud: Cloud, region: string, tier: Tier): string | undefined {
  if (regionHolds(cloud, region, tier)) return undefined;
  const regions = knownRegions(cloud).filter((r) => regionHolds(cloud, r, tier));
  const tiers = tiersIn(cloud, region).join(" or ");
  if (cloud === "azure" && TIER_POLICIES[tier].geoBackup) {
    return `${tier} keeps daily backups in a Backup vault, and Azure Backup protects ADLS Gen2 (hierarchical namespace) accounts only in ${regions.join(", ")} among the regions with zone-redundant storage, not in ${region}; choose one of those or tier ${tiers}`;
  }
  if (cloud === "azure") {
    return `${tier} needs zone-redundant storage, which Azure does not offer in ${region}; choose a region with availability zones (${regions.join(", ")}) or tier ${tiers}`;
  }
  const multiRegions = Object.values(GCP_MULTI_REGIONS).map((m) => m.storage);
  return `${tier} keeps its data in a dual-region bucket, which Cloud Storage offers only inside the ${multiRegions.join(", ")} multi-regions, and ${region} is in none of them; choose one of ${regions.join(", ")} or tier ${tiers}`;
}

/**
 * Why `secondary` (the spec's secondaryRegion, or undefined to use the default pair) cannot hold
 * the geo copy of a product in the known `region`, or undefined when it can.
 */
export function secondaryRegionProblem(
  cloud: Exclude<Cloud, "local">,
  region: string,
  secondary: string | undefined,
): string | undefined {
  const pair = defaultSecondaryRegion(cloud, region);
  if (cloud === "azure") {
    // Geo-redundant storage always replicates to the region's fixed pair: nothing to choose.
    if (pair === undefined) {
      return `Azure geo-redundant storage in ${region} has no paired region to replicate to; choose a region that has one`;
    }
    if (secondary !== undefined && secondary !== pair) {
      return `Azure geo-redundant storage in ${region} replicates only to its paired region ${pair}, not ${secondary}; remove secondaryRegion or set it to ${pair}`;
    }
    return undefined;
  }
  const chosen = secondary ?? pair;
  if (chosen === undefined) {
    return `${region} has no default pair; set secondaryRegion for the gold geo copy`;
  }
  if (chosen === region) return "the secondary region must differ from the primary region";
  if (!knownRegions(cloud).includes(chosen)) {
    return `${chosen} is not among the ${CLOUD_NAMES[cloud]} regions Meshplane deploys to`;
  }
  if (cloud === "gcp" && gcpContinent(chosen) !== gcpContinent(region)) {
    return `a GCP dual-region bucket needs both regions on one continent; ${region} and ${chosen} are not`;
  }
  return undefined;
}

export const AWS_PARTITIONS = ["aws", "aws-cn", "aws-us-gov"] as const;
export type AwsPartition = (typeof AWS_PARTITIONS)[number];

/**
 * The AWS partition of a region: China (`cn-*`) and GovCloud (`us-gov-*`) are partitions of their
 * own, whose ARNs start `arn:aws-cn:` and `arn:aws-us-gov:` and whose principals cannot be granted
 * across partitions.
 */
export function awsPartition(region: string): AwsPartition {
  if (region.startsWith("cn-")) return "aws-cn";
  if (region.startsWith("us-gov-")) return "aws-us-gov";
  return "aws";
}
