/**
 * The mesh labels every resource carries, normalised to each cloud's tag/label rules. The owner
 * label is the team, never an email: labels are visible to anyone who can list resources.
 */
import type { Cloud } from "./regions";
import type { DataProductSpec } from "./spec";

export const MANAGED_BY = "meshplane";

export type Labels = Readonly<Record<string, string>>;

/**
 * The labels every resource of a product carries. `retention-days` is the effective retention, so
 * a policy can check a lifecycle rule against it from the resource alone.
 */
export function meshLabels(
  spec: Pick<DataProductSpec, "domain" | "name" | "tier" | "classification" | "owners" | "tags">,
  environment: string,
  retentionDays: number,
): Labels {
  return {
    ...spec.tags,
    domain: spec.domain,
    product: spec.name,
    tier: spec.tier,
    classification: spec.classification,
    owner: spec.owners.team,
    environment,
    "retention-days": String(retentionDays),
    "managed-by": MANAGED_BY,
  };
}

const GCP_LABEL_KEY = /^[a-z][a-z0-9_-]{0,62}$/;

/** GCP labels: lowercase letters, digits, _ and -; keys start with a letter; 63 characters. */
function gcpLabelValue(value: string): string {
  return value
    .toLowerCase()
    .replace(/[^a-z0-9_-]/g, "_")
    .slice(0, 63);
}

/** AWS tags allow letters, digits, spaces and _ . : / = + - @; values up to 256 characters. */
function awsTagValue(value: string): string {
  return value.replace(/[^\p{L}\p{Z}\p{N}_.:/=+\-@]/gu, "_").slice(0, 256);
}

/** Azure tag values: up to 256 characters, anything printable. */
function azureTagValue(value: string): string {
  return value.slice(0, 256);
}

export function labelsFor(cloud: Cloud, labels: Labels): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(labels)) {
    switch (cloud) {
      case "gcp":
        if (GCP_LABEL_KEY.test(key)) out[key] = gcpLabelValue(value);
        break;
      case "aws":
        out[key] = awsTagValue(value);
        break;
      case "azure":
      case "local":
        out[key] = azureTagValue(value);
        break;
    }
  }
  return out;
}
