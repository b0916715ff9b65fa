/**
 * The capability matrix: what a DataProduct provisions per capability, cloud and tier. The portal's
 * tier picker and docs/components.md both read it, so it lives beside the contract rather than in
 * the Pulumi components (which the browser must not import).
 */
import type { Cloud } from "./regions";
import type { Tier } from "./tiers";

export const CAPABILITIES = [
  "storage",
  "encryption",
  "lifecycle",
  "backup",
  "catalog",
  "inference",
] as const;
export type Capability = (typeof CAPABILITIES)[number];

export interface CapabilityCell {
  supported: boolean;
  detail: string;
}

type CloudMatrix = Readonly<Record<Capability, Readonly<Record<Tier, CapabilityCell>>>>;

function same(cell: CapabilityCell): Readonly<Record<Tier, CapabilityCell>> {
  return { bronze: cell, silver: cell, gold: cell };
}

function yes(detail: string): CapabilityCell {
  return { supported: true, detail };
}

function no(detail: string): CapabilityCell {
  return { supported: false, detail };
}

const AWS: CloudMatrix = {
  storage: same(
    yes(
      "S3 bucket: versioning, public access block (all four), BucketOwnerEnforced, TLS-only bucket policy, server access logs to a log bucket in its region (kept 365 days); retained on delete (protected for gold)",
    ),
  ),
  encryption: same(
    yes(
      "SSE-KMS with a dedicated customer-managed key (rotation yearly, alias, S3 bucket key) for internal, confidential and restricted data; SSE-S3 for public data and for access logs (S3 logging cannot write SSE-KMS)",
    ),
  ),
  lifecycle: same(
    yes(
      "data files only (never table metadata): STANDARD_IA at 30 days → GLACIER_IR at 90 (both queryable; a step the data would leave before the class minimum is skipped) → expiry at the retention; noncurrent versions expire after the soft-delete window; expired delete markers removed; incomplete uploads aborted after 7 days",
    ),
  ),
  backup: {
    bronze: no("versioning only (noncurrent versions kept 7 days)"),
    silver: no("versioning only (noncurrent versions kept 14 days)"),
    gold: yes(
      "replica bucket in the secondary region (own KMS key, replication time control 15 min, deletes not replicated, DEEP_ARCHIVE for old data) and AWS Backup: daily kept 30 days, monthly kept 12 months, both copied to a vault in the secondary region, and continuous backup (point-in-time restore, 35 days); both vaults locked in compliance mode",
    ),
  },
  catalog: same(
    yes(
      "Glue database per domain (DomainCatalog, looked up by products); Iceberg v2 table in Glue with schema, partition spec and sort order from the spec",
    ),
  ),
  inference: same(
    yes(
      "Lambda (zip from S3 or ECR image) with its own role (read-only on the product prefix, decrypt on its key), X-Ray tracing, log group kept 365 days under the function's own KMS key, reserved concurrency (at most 900) and provisioned concurrency on the live alias, IAM-auth Function URL, S3 object-created trigger with failed events kept in an encrypted SQS queue, p99 duration, error-rate and failed-event alarms to an owners' encrypted SNS topic",
    ),
  ),
};

const AZURE: CloudMatrix = {
  storage: {
    bronze: yes(
      "ADLS Gen2 account (LRS), TLS 1.2, default-deny firewall (trusted services, allowed networks, optional private endpoints), shared keys off, access logs",
    ),
    silver: yes(
      "ADLS Gen2 account (ZRS), TLS 1.2, default-deny firewall (trusted services, allowed networks, optional private endpoints), shared keys off, access logs",
    ),
    gold: yes(
      "ADLS Gen2 account (RA-GZRS), TLS 1.2, default-deny firewall (trusted services, allowed networks, optional private endpoints), shared keys off, access logs; eastasia and centralindia only",
    ),
  },
  encryption: same(
    yes(
      "infrastructure (double) encryption; a rotating customer-managed Key Vault key (purge-protected vault) for internal, confidential and restricted data, Microsoft-managed keys for public data",
    ),
  ),
  lifecycle: same(
    yes(
      "management policy on the table's data files only: Cool → Cold (both online; never the offline Archive tier), each step only where the blob then stays the tier's minimum (30 / 90 days), deleted at the retention; metadata never expires",
    ),
  ),
  backup: {
    bronze: no("blob and container soft delete (7 days); no versioning on ADLS Gen2"),
    silver: no("blob and container soft delete (14 days); no versioning on ADLS Gen2"),
    gold: yes(
      "RA-GZRS copy in the paired region, 30-day soft delete, daily vaulted ADLS Gen2 backup (preview) into a geo-redundant, locked Backup vault; no point-in-time restore on ADLS Gen2",
    ),
  },
  catalog: same(
    yes(
      "no managed Iceberg catalog on Azure: Meshplane writes the Iceberg v2 table (schema, partition spec, sort order from the spec) into the container and registers it in the Meshplane catalog",
    ),
  ),
  inference: same(
    yes(
      "Function App (Flex Consumption) in its own subnet with managed identity, Entra ID authentication, Blob Data Reader on the product container, Application Insights (365-day workspace), dead-lettered events, alerts",
    ),
  ),
};

const GCP: CloudMatrix = {
  storage: {
    bronze: yes(
      "regional bucket, uniform access, public access prevention, versioning, soft delete, access logs",
    ),
    silver: yes(
      "regional bucket, uniform access, public access prevention, versioning, soft delete, access logs",
    ),
    gold: yes(
      "dual-region bucket (custom placement) with turbo replication, RPO 15 min, access logs",
    ),
  },
  encryption: same(
    yes(
      "CMEK (Cloud KMS, 90-day rotation) for internal, confidential and restricted data; Google-managed keys for public data",
    ),
  ),
  lifecycle: same(
    yes(
      "the table's data files only: NEARLINE → COLDLINE (ARCHIVE when kept a year or more) → delete, each step only where the object then stays its class's minimum; metadata never expires; noncurrent versions deleted after the soft-delete window",
    ),
  ),
  backup: {
    bronze: no("versioning and soft delete only"),
    silver: no("versioning and soft delete only"),
    gold: yes(
      "daily Storage Transfer Service copy to a bucket with a locked retention policy in the secondary region",
    ),
  },
  catalog: same(
    yes(
      "BigQuery dataset per domain (DomainCatalog), BigLake connection, BigLake Iceberg table clustered by the partition columns (BigLake partitioning is Preview); its Iceberg metadata exported on every table change and served read-only by the Meshplane catalog",
    ),
  ),
  inference: same(
    yes(
      "Cloud Run service with its own service account, object-created events through Pub/Sub with a dead-letter topic, 365-day logs, latency, error and dead-letter alerts",
    ),
  ),
};

const LOCAL: CloudMatrix = {
  storage: same(yes("warehouse directory for the product's Iceberg table")),
  encryption: same(no("relies on the host's disk encryption")),
  lifecycle: same(no("not supported on the local target")),
  backup: same(no("not supported on the local target")),
  catalog: same(yes("registered in the Meshplane catalog")),
  inference: same(no("not supported on the local target")),
};

export const CAPABILITY_MATRIX: Readonly<Record<Cloud, CloudMatrix>> = {
  aws: AWS,
  azure: AZURE,
  gcp: GCP,
  local: LOCAL,
};

export function capabilitiesFor(
  cloud: Cloud,
  tier: Tier,
): { capability: Capability; cell: CapabilityCell }[] {
  return CAPABILITIES.map((capability) => ({
    capability,
    cell: CAPABILITY_MATRIX[cloud][capability][tier],
  }));
}
