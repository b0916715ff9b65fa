/**
 * The approval rules by classification and the principal kind of each cloud, as plain data with
 * no zod: the browser's access forms read them (portal/ui/product), and importing them through
 * the contract's index would ship every contract schema to those pages (docs/performance.md 6).
 * contract/access.ts re-exports them, so the rest of the code keeps one import path.
 */
import type { Cloud } from "./regions";
import type { Classification } from "./spec";

/** The principal kind each target cloud reads with. */
/** The kinds of AccessPrincipal (contract/access.ts checks that they match its schema). */
export type PrincipalKind = "aws-iam-role" | "azure-entra" | "gcp-service-account" | "domain";

export const PRINCIPAL_KIND: Readonly<Record<Cloud, PrincipalKind>> = {
  aws: "aws-iam-role",
  azure: "azure-entra",
  gcp: "gcp-service-account",
  local: "domain",
};

/** What an approval rule asks for, by classification. */
export interface ApprovalRule {
  /** Approved when requested, without anyone's decision. */
  automatic: boolean;
  /** Approvals by the product's owners needed. */
  owners: 0 | 1;
  /** Whether a platform admin, a different person from the owner who approved, must approve too. */
  platformAdmin: boolean;
  endDateRequired: boolean;
  /** Longest time from the request to the end date, in days; undefined: no limit. */
  maxDays: number | undefined;
}

export const APPROVAL_RULES: Readonly<Record<Classification, ApprovalRule>> = {
  public: {
    automatic: true,
    owners: 0,
    platformAdmin: false,
    endDateRequired: false,
    maxDays: undefined,
  },
  internal: {
    automatic: false,
    owners: 1,
    platformAdmin: false,
    endDateRequired: false,
    maxDays: undefined,
  },
  confidential: {
    automatic: false,
    owners: 1,
    platformAdmin: false,
    endDateRequired: true,
    maxDays: 365,
  },
  restricted: {
    automatic: false,
    owners: 1,
    platformAdmin: true,
    endDateRequired: true,
    maxDays: 90,
  },
};
