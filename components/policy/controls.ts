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
  "MP-KEY-001": "Restricted data is encrypted with a customer-managed key",
  "MP-LBL-001": "Every taggable resource carries the mesh labels",
  "MP-IAM-001": "Function IAM policies name no wildcard actions or resources",
  "MP-FN-001": "Functions have an explicit concurrency limit",
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
