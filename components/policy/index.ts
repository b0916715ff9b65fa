/**
 * The mesh policy pack's policies: every cloud's, one list. Each policy is named
 * `<control>-<cloud>` and only looks at its own cloud's resource types, so the whole list runs on
 * any stack. Loading it loads all three provider SDKs; `loadPolicies(cloud)` loads one.
 */
import type { Policy } from "@pulumi/policy";
import { awsPolicies } from "./aws";
import { azurePolicies } from "./azure";
import { gcpPolicies } from "./gcp";

export {
  CONTROLS,
  CONTROL_IDS,
  NOT_APPLICABLE,
  REQUIRED_LABELS,
  coverageOf,
  policyName,
  type ControlId,
  type Coverage,
} from "./controls";

export const meshPolicies: Policy[] = [...awsPolicies, ...azurePolicies, ...gcpPolicies];
