/**
 * Regions Meshplane deploys to, and the default secondary region of each for geo backup.
 *
 * AWS has no official pairs: we pair with the nearest region in the same jurisdiction.
 * Azure pairs follow Microsoft's published region pairs (what GRS/GZRS replicate to anyway).
 * GCP pairs are custom dual-region placements, which must stay on one continent.
 */

export const CLOUDS = ["aws", "azure", "gcp", "local"] as const;
export type Cloud = (typeof CLOUDS)[number];

export const LOCAL_REGION = "local";

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
