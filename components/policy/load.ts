/**
 * One cloud's policies without loading the other clouds' SDKs (a plan preview of one product
 * should not pay for three). The local target has none: see NOT_APPLICABLE in controls.ts.
 */
import type { Policy } from "@pulumi/policy";
import type { Cloud } from "#contract";

export async function loadPolicies(cloud: Cloud): Promise<Policy[]> {
  switch (cloud) {
    case "aws":
      return (await import("./aws")).awsPolicies;
    case "azure":
      return (await import("./azure")).azurePolicies;
    case "gcp":
      return (await import("./gcp")).gcpPolicies;
    case "local":
      return [];
  }
}
