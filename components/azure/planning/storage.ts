/**
 * Storage planning for the Azure data lake: redundancy per tier, the protection ADLS Gen2 supports,
 * encryption settings and the Iceberg locations. Pure: no resources are created here.
 */
import type { StorageAccountArgs } from "@pulumi/azure-native/storage";
import type * as inputs from "@pulumi/azure-native/types/input";
import type * as pulumi from "@pulumi/pulumi";
import { regionTierProblem, type DataProductSpec, type Tier, type TierPolicy } from "#contract";

/** Redundancy per tier: one zone (bronze), three zones (silver), three zones + the paired region. */
export const STORAGE_SKUS = {
  bronze: "Standard_LRS",
  silver: "Standard_ZRS",
  // Read access to the paired-region copy lets consumers keep reading during a regional outage.
  gold: "Standard_RAGZRS",
} as const satisfies Record<Tier, string>;
export type StorageSkuName = (typeof STORAGE_SKUS)[Tier];

const GEO_REDUNDANT_SKUS: readonly string[] = [
  "Standard_GRS",
  "Standard_RAGRS",
  "Standard_GZRS",
  "Standard_RAGZRS",
];

/**
 * Why a tier cannot be built in a region, or undefined when it can: silver and gold need
 * zone-redundant storage (AZURE_ZONE_REDUNDANT_REGIONS in contract/regions.ts). The contract
 * refuses such specs; the check stays for a `location` given to a component explicitly.
 */
export function redundancyProblem(tier: Tier, region: string): string | undefined {
  return regionTierProblem("azure", region, tier);
}

export function isGeoRedundantSku(sku: string): boolean {
  return GEO_REDUNDANT_SKUS.includes(sku);
}

/** A customer-managed key the storage accounts of a product encrypt with. */
export interface CustomerManagedKeyRef {
  /** https://<vault>.vault.azure.net/ */
  keyVaultUri: pulumi.Input<string>;
  keyName: pulumi.Input<string>;
  /** Resource id of the user-assigned identity that holds Crypto Service Encryption User on the key. */
  identityId: pulumi.Input<string>;
}

/**
 * Encryption at rest. Azure always encrypts with AES-256; we add infrastructure (double)
 * encryption, which can only be chosen when the account is created, and a customer-managed key
 * from internal data up. The key version is left out on purpose: the account then follows key
 * rotations automatically (within a day of a new version).
 */
export function storageEncryption(
  cmk: CustomerManagedKeyRef | undefined,
): inputs.storage.EncryptionArgs {
  const services = {
    blob: { enabled: true, keyType: "Account" },
    file: { enabled: true, keyType: "Account" },
  };
  if (cmk === undefined) {
    return { keySource: "Microsoft.Storage", requireInfrastructureEncryption: true, services };
  }
  return {
    keySource: "Microsoft.Keyvault",
    keyVaultProperties: { keyName: cmk.keyName, keyVaultUri: cmk.keyVaultUri },
    encryptionIdentity: { encryptionUserAssignedIdentity: cmk.identityId },
    requireInfrastructureEncryption: true,
    services,
  };
}

/**
 * What every storage account of a product shares, the data lake and the inference function's
 * runtime storage alike: the tier's redundancy, TLS 1.2 over HTTPS only, no anonymous access,
 * encryption (with the product's key when it has one, through its user-assigned identity).
 *
 * Shared keys are off: every client authenticates with Microsoft Entra ID. That rules out account
 * keys, account and service SAS tokens and connection strings (user delegation SAS still works),
 * and tools that only speak shared key (older AzCopy/Storage Explorer modes, the portal's
 * key-based browsing, some Spark/Hadoop setups configured with account keys) must switch to
 * OAuth. Cross-tenant object replication is off too.
 */
export function secureAccountArgs(
  tier: Tier,
  cmk: CustomerManagedKeyRef | undefined,
): Omit<StorageAccountArgs, "resourceGroupName"> {
  return {
    kind: "StorageV2",
    sku: { name: STORAGE_SKUS[tier] },
    accessTier: "Hot",
    minimumTlsVersion: "TLS1_2",
    enableHttpsTrafficOnly: true,
    allowBlobPublicAccess: false,
    allowSharedKeyAccess: false,
    defaultToOAuthAuthentication: true,
    allowCrossTenantReplication: false,
    encryption: storageEncryption(cmk),
    ...(cmk === undefined
      ? {}
      : { identity: { type: "UserAssigned", userAssignedIdentities: [cmk.identityId] } }),
  };
}

/**
 * Who may reach a product's storage accounts over the network, besides the trusted Azure services
 * the firewall always lets through. Everything is optional: without any of it the accounts answer
 * trusted services only (Azure Backup, Event Grid, the platform's own logging and metrics).
 */
export interface AzureNetworkOptions {
  /** Public IPv4 addresses or CIDR ranges allowed through the firewall (e.g. pipelines' egress). */
  allowedIpRanges?: readonly string[];
  /** Subnet resource ids allowed through (their service endpoint for Microsoft.Storage must be on). */
  allowedSubnetIds?: readonly pulumi.Input<string>[];
  /** Private endpoints of the data lake (dfs and blob) in this subnet. */
  privateEndpoint?: {
    subnetId: pulumi.Input<string>;
    /** privatelink.dfs.core.windows.net and privatelink.blob.core.windows.net zone ids. */
    privateDnsZoneIds?: { dfs: pulumi.Input<string>; blob: pulumi.Input<string> };
  };
}

/**
 * Services the storage firewall lets through whatever the rules say: Microsoft's trusted services
 * (Azure Backup, Event Grid, ...; learn.microsoft.com/azure/storage/common/storage-network-security,
 * "Trusted Azure services") and the account's own logging and metrics.
 */
export const FIREWALL_BYPASS = "AzureServices, Logging, Metrics";

/** IPv4 address or CIDR range, as the storage firewall takes them (no private ranges). */
const IP_RANGE = /^(\d{1,3}\.){3}\d{1,3}(\/([0-9]|[12][0-9]|3[0-2]))?$/;

/** Why an allowed IP range cannot go into a storage firewall, or undefined when it can. */
export function ipRangeProblem(range: string): string | undefined {
  if (
    !IP_RANGE.test(range) ||
    range
      .split("/")[0]
      ?.split(".")
      .some((o) => Number(o) > 255)
  ) {
    return `${range} is not an IPv4 address or CIDR range`;
  }
  const [a, b] = range.split(".").map(Number);
  if (a === 10 || (a === 172 && b !== undefined && b >= 16 && b < 32) || (a === 192 && b === 168)) {
    return `${range} is a private range, which the storage firewall ignores; allow the subnet instead`;
  }
  return undefined;
}

/**
 * The firewall of every storage account of a product: deny by default, let trusted services
 * through, allow the given ranges and subnets (the function's subnet among them).
 */
export function storageFirewall(
  network: AzureNetworkOptions,
  extraSubnetIds: readonly pulumi.Input<string>[] = [],
): inputs.storage.NetworkRuleSetArgs {
  for (const range of network.allowedIpRanges ?? []) {
    const problem = ipRangeProblem(range);
    if (problem !== undefined) throw new Error(`network.allowedIpRanges: ${problem}`);
  }
  return {
    defaultAction: "Deny",
    bypass: FIREWALL_BYPASS,
    ipRules: (network.allowedIpRanges ?? []).map((range) => ({
      iPAddressOrRange: range,
      action: "Allow",
    })),
    virtualNetworkRules: [...(network.allowedSubnetIds ?? []), ...extraSubnetIds].map((id) => ({
      virtualNetworkResourceId: id,
      action: "Allow",
    })),
  };
}

/**
 * Public network access stays "Enabled" (the firewall above decides who passes) unless the lake
 * has private endpoints and nothing is allowed in publicly: then it is "Disabled".
 */
export function publicNetworkAccess(
  network: AzureNetworkOptions,
  extraSubnetIds: readonly unknown[] = [],
): "Enabled" | "Disabled" {
  const publicRules =
    (network.allowedIpRanges ?? []).length +
    (network.allowedSubnetIds ?? []).length +
    extraSubnetIds.length;
  return network.privateEndpoint !== undefined && publicRules === 0 ? "Disabled" : "Enabled";
}

/** Blob-service settings that make deleted or overwritten data recoverable. */
export interface BlobProtection {
  isVersioningEnabled?: boolean;
  deleteRetentionPolicy: { enabled: true; days: number; allowPermanentDelete: false };
  containerDeleteRetentionPolicy: { enabled: true; days: number };
}

/**
 * Recoverability for a hierarchical-namespace (ADLS Gen2) account. Blob versioning, change feed and
 * point-in-time restore are all "not yet supported" with a hierarchical namespace (table "Blob
 * Storage feature support in Azure Storage accounts", learn.microsoft.com/azure/storage/blobs/
 * storage-feature-support-in-storage-accounts; point-in-time restore needs versioning and change
 * feed anyway), and enabling them fails the deployment. What HNS accounts do support is soft delete
 * for blobs and for containers, so the tier's soft-delete window applies to both.
 */
export function dataLakeProtection(policy: Pick<TierPolicy, "softDeleteDays">): BlobProtection {
  return {
    deleteRetentionPolicy: {
      enabled: true,
      days: policy.softDeleteDays,
      allowPermanentDelete: false,
    },
    containerDeleteRetentionPolicy: { enabled: true, days: policy.softDeleteDays },
  };
}

/** Flat-namespace accounts (function runtime storage) get versioning as well as soft delete. */
export const RUNTIME_STORAGE_RETENTION_DAYS = 7;

export function flatAccountProtection(): BlobProtection {
  return {
    isVersioningEnabled: true,
    deleteRetentionPolicy: {
      enabled: true,
      days: RUNTIME_STORAGE_RETENTION_DAYS,
      allowPermanentDelete: false,
    },
    containerDeleteRetentionPolicy: { enabled: true, days: RUNTIME_STORAGE_RETENTION_DAYS },
  };
}

/**
 * Where the Iceberg table lives inside the product's container: `<domain>/<name>`, the same pair the
 * Meshplane catalog registers (database = domain, table = name).
 */
export function icebergTablePath(spec: Pick<DataProductSpec, "domain" | "name">): string {
  return `${spec.domain}/${spec.name}`;
}

/** ADLS Gen2 URI as Spark, Trino and PyIceberg expect it. */
export function abfssUri(container: string, account: string, path = ""): string {
  const base = `abfss://${container}@${account}.dfs.core.windows.net`;
  return path === "" ? base : `${base}/${path}`;
}

export function icebergMetadataLocation(
  container: string,
  account: string,
  tablePath: string,
): string {
  return `${abfssUri(container, account, tablePath)}/metadata/`;
}
