/**
 * The mesh policy pack's policies: every cloud's, one list. Each policy is named
 * `<control>-<cloud>` and only looks at its own cloud's resource types, so the whole list runs on
 * any stack. Loading it loads all three provider SDKs; `loadPolicies(cloud)` loads one.
 */
import type { Policy } from "@pulumi/policy";
import { awsPolicies } from "./aws";
import { azurePolicies } from "./azure";
import { gcpPolicies } from "./gcp";

export { CONTROLS, REQUIRED_LABELS, policyName, type ControlId } from "./controls";
export { NOT_APPLICABLE, PENDING } from "./applicability";

export const meshPolicies: Policy[] = [...awsPolicies, ...azurePolicies, ...gcpPolicies];
