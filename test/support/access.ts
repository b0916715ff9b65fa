/**
 * Access grants for the component and policy tests: one approved grant of any classification to
 * any principal, valid at NOW (restricted and confidential with an end date within their limit).
 */
import {
  AccessGrant,
  productRef,
  type AccessPrincipal,
  type Classification,
  type DataProductSpec,
} from "#contract";
import type { ProductContext } from "../../components/context";
import { productGrants } from "../../components/access-grants";

export const NOW = new Date("2026-12-06T00:00:00Z");
export const GRANT_END = "2027-02-01T00:00:00.000Z";
const at = NOW.toISOString();

export const PRINCIPALS = {
  aws: { kind: "aws-iam-role", arn: "arn:aws:iam::210987654321:role/risk-reader" },
  azure: {
    kind: "azure-entra",
    objectId: "6f1c0a2e-3b4d-4e5f-8a9b-0c1d2e3f4a5b",
    type: "managed-identity",
  },
  gcp: { kind: "gcp-service-account", email: "risk-reader@risk-prod.iam.gserviceaccount.com" },
  local: { kind: "domain" },
} as const satisfies Record<string, AccessPrincipal>;

/** The approvals each classification needs: an owner, and for restricted a platform admin too. */
export function approvalsFor(classification: Classification) {
  if (classification === "public") return [];
  const owner = { by: "ann", role: "owner" as const, at, reason: "risk models" };
  const admin = { by: "root", role: "platform-admin" as const, at, reason: "reviewed" };
  return classification === "restricted" ? [owner, admin] : [owner];
}

export function grantFor(
  spec: Pick<DataProductSpec, "domain" | "name" | "classification" | "target">,
  over: Partial<AccessGrant> = {},
): AccessGrant {
  const { classification } = spec;
  return AccessGrant.parse({
    id: "g0001",
    product: productRef(spec),
    consumer: "risk",
    classification,
    principal: PRINCIPALS[spec.target.cloud],
    purpose: "risk scoring features",
    ...(classification === "confidential" || classification === "restricted"
      ? { endsAt: GRANT_END }
      : {}),
    approvals: approvalsFor(classification),
    ...over,
  });
}

/** The context with its one grant, through the same check the component applies. */
export function withGrant(
  context: ProductContext,
  over: Partial<AccessGrant> = {},
): ProductContext {
  return { ...context, grants: productGrants(context.spec, [grantFor(context.spec, over)], NOW) };
}
