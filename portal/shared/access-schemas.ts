/**
 * The access requests' API bodies and parameters (docs/access.md): one zod schema each, for the
 * route handlers, the pages and the OpenAPI document. Browser-safe.
 */
import { z } from "zod";
import type { DeploymentStatus } from "#core/deployment-lifecycle";
import {
  AccessRequestInput,
  ApprovalRecord,
  CLASSIFICATIONS,
  DomainSlug,
  type AccessPrincipal,
  type Classification,
  TrimmedText,
} from "#contract";

/**
 * POST /products/{d}/{n}/access-requests: who asks (the consuming domain), the principal that
 * will read, the purpose and the end date. Checked against the product (its cloud, partition and
 * classification: contract/access.ts `accessRequestSchema`) once it is loaded.
 */
export const AccessRequestBody = AccessRequestInput.extend({
  consumer: DomainSlug.describe(
    "The consuming domain the access is asked for; you are its member.",
  ),
}).meta({ id: "AccessRequestBody" });
export type AccessRequestBody = z.output<typeof AccessRequestBody>;

export const AccessRequestParams = z.object({
  id: z.string().regex(/^[a-z0-9]{3,40}$/, "must be an access request id"),
});

/** approve, deny, revoke: why. */
export const AccessDecisionBody = z
  .strictObject({
    reason: TrimmedText(1, 500, "give a reason for the decision"),
  })
  .meta({ id: "AccessDecisionBody" });
export type AccessDecisionBody = z.output<typeof AccessDecisionBody>;

/** An access request or grant as the API answers it (portal/server/access.ts `AccessRequestView`). */
export const AccessRequestItem = z
  .object({
    id: z.string(),
    product: z.string(),
    consumer: z.string(),
    classification: z.enum(CLASSIFICATIONS),
    principal: z
      .record(z.string(), z.string())
      .describe("The principal that reads: `kind` and its ARN, objectId and type, or email."),
    purpose: z.string(),
    endsAt: z.string().nullable(),
    status: z.enum(["requested", "approved", "denied", "revoked", "expired"]),
    approvals: z.array(ApprovalRecord),
    missing: z.array(z.string()).describe("What a request still needs; empty once approved."),
    reason: z.string().nullable(),
    requestedBy: z.string(),
    requestedAt: z.string(),
    decidedAt: z.string().nullable(),
    deploymentId: z
      .string()
      .optional()
      .describe(
        "The last up queued to provision or remove the grant (a live cloud product's); absent when none was.",
      ),
  })
  .meta({ id: "AccessRequest" });

export const AccessRequestList = z
  .object({ items: z.array(AccessRequestItem) })
  .meta({ id: "AccessRequestList" });

/** An access request or grant as the server builds it (portal/server/access.ts). */
export interface AccessRequestView {
  id: string;
  product: string;
  consumer: string;
  classification: Classification;
  principal: AccessPrincipal;
  purpose: string;
  endsAt: string | null;
  /** requested, approved, denied or revoked; an approved grant past `endsAt` is `expired`. */
  status: "requested" | "approved" | "denied" | "revoked" | "expired";
  approvals: ApprovalRecord[];
  /** What a request still needs, in words; empty once approved. */
  missing: string[];
  reason: string | null;
  requestedBy: string;
  requestedAt: string;
  decidedAt: string | null;
  /** The `up` queued to provision or remove the grant on a cloud product. */
  deploymentId?: string;
}

/** A decision the viewer may take on a request or grant now, as the API would allow it. */
export type AccessAction = "approve" | "deny" | "revoke";

/** A request or grant on a page: the view and the decisions the viewer is offered. */
export interface AccessRow extends AccessRequestView {
  /** The API checks each again when it is taken. */
  actions: AccessAction[];
  /** How far the grant's last `up` got (`deploymentId`'s), when there is one. */
  provisioning?: GrantProvisioning;
}

/** A grant's `up` as the pages show it: its state and resource counts. */
export interface GrantProvisioning {
  deploymentId: string;
  status: DeploymentStatus;
  resourcesDone: number;
  resourcesPlanned: number;
}

/** People named by a view (requesters, approvers): user id → "name <email>". */
export type PeopleNames = Record<string, string>;

/** The product page's access section: the requests the viewer sees, and where they may ask. */
export interface ProductAccessView {
  items: AccessRow[];
  /** The viewer's domains that may ask for access to this product (authz.ts canRequestAccess). */
  requestableDomains: string[];
  people: PeopleNames;
}

/** The domain page: the grants it holds on others' products, and those others hold on its own. */
export interface DomainAccessView {
  consumes: AccessRow[];
  consumedBy: AccessRow[];
  people: PeopleNames;
}

/** GET /domains/{slug}/access: `open` (default) requests and grants in force, or `all` of them. */
export const DomainAccessQuery = z.strictObject({
  state: z
    .enum(["open", "all"], "state is open or all")
    .default("open")
    .describe(
      "open: requests awaiting a decision and grants in force; all: also denied, revoked and expired ones.",
    ),
});
export type DomainAccessQuery = z.output<typeof DomainAccessQuery>;

/** What a domain consumes and who consumes its products, through access requests and grants. */
export const DomainAccess = z
  .object({
    domain: z.string(),
    consumes: z
      .array(AccessRequestItem)
      .describe("Requests and grants of this domain on other domains' products, newest first."),
    consumedBy: z
      .array(AccessRequestItem)
      .describe(
        "Requests and grants of other domains on this domain's products, newest first (all to its owners and admins, else the caller's domains').",
      ),
  })
  .meta({ id: "DomainAccess" });
