/**
 * The encryption policy by classification, one rule on every cloud: public data is encrypted with
 * the provider's own keys; internal, confidential and restricted data with a key dedicated to the
 * product, which the platform creates, rotates and can disable (revoking every access to the data
 * at once, and auditing each use). Each cloud's planner and the policies (MP-ENC-001, MP-KEY-001)
 * read this module, and docs/components.md renders the table from it.
 */
import type { Cloud } from "./regions";
import { CLASSIFICATIONS, type Classification } from "./spec";

/** Classifications whose data stores are encrypted with a dedicated customer-managed key. */
export const CMK_CLASSIFICATIONS = [
  "internal",
  "confidential",
  "restricted",
] as const satisfies readonly Classification[];

/**
 * Whether a product of this classification gets its own customer-managed key. A string, because
 * the policies read the classification from a resource's label, where any value may appear.
 */
export function usesCustomerManagedKey(classification: string): boolean {
  return (CMK_CLASSIFICATIONS as readonly string[]).includes(classification);
}

type KeyedCloud = Exclude<Cloud, "local">;

export interface EncryptionRow {
  /** What the row covers: classifications, or the function's telemetry. */
  covers: string;
  at: Readonly<Record<KeyedCloud, string>>;
}

/** What each cloud encrypts with, per row; the docs' encryption table. */
export const ENCRYPTION_TABLE: readonly EncryptionRow[] = [
  {
    covers: CLASSIFICATIONS.filter((c) => !usesCustomerManagedKey(c)).join(", "),
    at: {
      aws: "SSE-S3 (S3-managed keys)",
      azure: "Microsoft-managed keys, with infrastructure (double) encryption",
      gcp: "Google-managed keys",
    },
  },
  {
    covers: CMK_CLASSIFICATIONS.join(", "),
    at: {
      aws: "SSE-KMS with a KMS key per product (rotation every 365 days, 30-day deletion window) and an S3 Bucket Key; the gold replica and backup vaults use the product's key of their region",
      azure:
        "a Key Vault key per product (RSA 3072, rotation every year, purge protection) through a user-assigned identity, with infrastructure (double) encryption",
      gcp: "a Cloud KMS key per product as the buckets' default key (CMEK, rotation every 90 days)",
    },
  },
  {
    covers: "function telemetry (logs, alarm topic, failed-event queue), every classification",
    at: {
      aws: "a KMS key per inference function (rotation every 365 days) for its log group, alarm topic and failed-event queue: CloudWatch alarms cannot publish to a topic under the AWS-managed SNS key",
      azure:
        "Microsoft-managed keys: a customer-managed key for Log Analytics needs a dedicated cluster with a commitment tier (platform limit)",
      gcp: "Google-managed keys: Cloud Logging CMEK is set for a whole project or organization, not per product (platform limit)",
    },
  },
];
