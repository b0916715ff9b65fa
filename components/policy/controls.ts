/**
 * The mesh governance controls. Each policy in the pack enforces one control; ids are stable so
 * audit findings and docs can cite them.
 */
export const CONTROLS = {
  "MP-ENC-001": "Data stores are encrypted at rest",
  "MP-NET-001": "Data stores are never publicly accessible",
  "MP-TLS-001": "Data stores accept TLS connections only",
  "MP-VER-001": "Object versioning is on for data stores",
  "MP-LIF-001": "Lifecycle expiry never comes before the product's retention",
  "MP-GEO-001": "Gold products keep a copy of their data in a different region",
  "MP-KEY-001": "Data of every classification but public is encrypted with a customer-managed key",
  "MP-LBL-001": "Every taggable resource carries the mesh labels",
  "MP-IAM-001": "Function IAM policies name no wildcard actions or resources",
  "MP-FN-001": "Functions have an explicit concurrency limit",
  "MP-KEY-002": "Keys cannot be destroyed at once",
  "MP-NET-002": "Function endpoints require authentication",
  "MP-LIF-002":
    "Lifecycle rules move and expire data files only, to online classes, each kept its minimum storage duration",
  "MP-BAK-001":
    "Gold data stores are backed up at least daily and the backups kept at least 30 days",
  "MP-BAK-002": "Gold backups are immutable",
  "MP-PITR-001": "Gold data stores can be restored to a point in time",
  "MP-CAT-001":
    "Tables are registered as Iceberg v2 with their partition spec, or the substitute is declared",
  "MP-IAM-002": "Data stores accept identity-based access only",
  "MP-DLQ-001": "Event-triggered functions keep failed events in a dead-letter destination",
  "MP-TRC-001": "Functions trace requests",
  "MP-MON-001": "Function alerts fire at the platform's thresholds and reach the owners",
  "MP-LOG-001": "Data stores log data access",
  "MP-LOG-002": "Function logs are kept at least 365 days",
} as const;

export type ControlId = keyof typeof CONTROLS;

/**
 * Classifications whose data stores are encrypted with a dedicated customer-managed key, on every
 * cloud: everything but public data (issue #19's one encryption rule; AWS already did this, Azure
 * and GCP follow). The components' planners and the policies read this one list. A
 * classification is read from a tag, so any string is accepted.
 */
const CUSTOMER_KEY_CLASSIFICATIONS: readonly string[] = ["internal", "confidential", "restricted"];

export function requiresCustomerKey(classification: string): boolean {
  return CUSTOMER_KEY_CLASSIFICATIONS.includes(classification);
}

/** Mesh label keys a policy expects on every taggable resource (values from contract/labels). */
export const REQUIRED_LABELS = [
  "domain",
  "product",
  "tier",
  "classification",
  "owner",
  "managed-by",
] as const;

/** Policy names are `<control id lowercased>-<cloud>`, e.g. `mp-enc-001-aws`. */
export function policyName(control: ControlId, cloud: "aws" | "azure" | "gcp"): string {
  return `${control.toLowerCase()}-${cloud}`;
}
