import { describe, expect, it } from "vitest";
import {
  canComment,
  canCreateRequest,
  canEditDrafts,
  canEditRequest,
  canIngestLineage,
  canLinkDataset,
  canManageDomainIntegrations,
  canAdministerDomains,
  canManageMembers,
  canReadAuditLog,
  canReadCatalog,
  canReadDomain,
  canReadLineage,
  canReadProduct,
  canReadRequest,
  canReadWorkerStatus,
  canRecordProbe,
  canReviewRequests,
  canRunDeployments,
  canTakeAction,
  canUnlinkDataset,
  canWriteCatalog,
  countsForProduct,
  lineageKeyScope,
  productInScope,
  productScope,
  requestDomains,
  requestScope,
  type DatasetOwnership,
  type DomainRole,
  type LineageKeyPrincipal,
  type UserPrincipal,
} from "#portal/server/authz";
import { REQUEST_ACTIONS, REQUEST_STATUSES } from "#core/request-lifecycle";

function user(id: string, roles: Record<string, DomainRole> = {}, platformAdmin = false) {
  return {
    kind: "user",
    userId: id,
    email: `${id}@meshplane.test`,
    name: id,
    platformAdmin,
    domainRoles: new Map(Object.entries(roles)),
  } satisfies UserPrincipal;
}

const ROLES = {
  outsider: user("outsider"),
  otherDomainMember: user("otherDomainMember", { customer: "member" }),
  member: user("member", { payments: "member" }),
  owner: user("owner", { payments: "owner" }),
  admin: user("admin", {}, true),
  /** A platform admin who joined payments (and so may file and edit its requests). */
  adminMember: user("adminMember", { payments: "member" }, true),
};
type Role = keyof typeof ROLES;
const EVERYONE = Object.keys(ROLES) as Role[];
const PAYMENTS: Role[] = ["member", "owner", "adminMember"];
const ADMINS: Role[] = ["admin", "adminMember"];

const FOUR_EYES = { fourEyes: true };
const ONE_PERSON = { fourEyes: false };
/** A payments request filed by the member; the admin who joined payments edited it. */
const request = { domain: "payments", status: "submitted" as const, authorIds: ["member"] };
const editedByAdmin = { ...request, authorIds: ["member", "adminMember"] };

const PAYMENTS_PRODUCT = { domain: "payments" };
const CUSTOMER_PRODUCT = { domain: "customer" };
const dataset = (
  linked: { domain: string } | null,
  matched: { domain: string } | null,
): DatasetOwnership => ({ linked, matched });

type Row = [string, (u: UserPrincipal) => boolean, Role[]];

const TABLE: Row[] = [
  // Requests
  ["read a request", (u) => canReadRequest(u, request), [...PAYMENTS, "admin"]],
  ["comment on a request", (u) => canComment(u, request), [...PAYMENTS, "admin"]],
  ["create a request", (u) => canCreateRequest(u, "payments"), PAYMENTS],
  ["edit a draft", (u) => canEditRequest(u, { ...request, status: "draft" }), PAYMENTS],
  ["edit the domain's drafts", (u) => canEditDrafts(u, request), PAYMENTS],
  ["submit", (u) => canTakeAction(u, "submit", request, FOUR_EYES), PAYMENTS],
  ["reopen", (u) => canTakeAction(u, "reopen", request, FOUR_EYES), PAYMENTS],
  ["withdraw", (u) => canTakeAction(u, "withdraw", request, FOUR_EYES), PAYMENTS],
  ["approve another's request", (u) => canTakeAction(u, "approve", request, FOUR_EYES), ADMINS],
  [
    "approve a request they edited, under four eyes",
    (u) => canTakeAction(u, "approve", editedByAdmin, FOUR_EYES),
    ["admin"],
  ],
  [
    "approve a request they edited, in a one-person set-up",
    (u) => canTakeAction(u, "approve", editedByAdmin, ONE_PERSON),
    ADMINS,
  ],
  [
    "reject a request they edited",
    (u) => canTakeAction(u, "reject", editedByAdmin, FOUR_EYES),
    ADMINS,
  ],
  ["deploy", (u) => canTakeAction(u, "deploy", request, FOUR_EYES), ADMINS],
  ["mark deployed", (u) => canTakeAction(u, "succeed", request, ONE_PERSON), []],
  ["mark failed", (u) => canTakeAction(u, "fail", request, ONE_PERSON), []],
  ["open the review queue", (u) => canReviewRequests(u), ADMINS],
  // Deployments, audit log, domains
  ["run deployments", (u) => canRunDeployments(u), ADMINS],
  ["read the audit log", (u) => canReadAuditLog(u), ADMINS],
  ["read domains", (u) => canReadDomain(u), EVERYONE],
  ["manage members", (u) => canManageMembers(u, "payments"), ["owner", ...ADMINS]],
  ["create, rename and archive domains", (u) => canAdministerDomains(u), ADMINS],
  ["read the deployment worker's state", canReadWorkerStatus, [...ADMINS]],
  [
    "manage API keys and webhooks",
    (u) => canManageDomainIntegrations(u, "payments"),
    [...PAYMENTS, "admin"],
  ],
  // Products and the catalog
  ["read the catalog", (u) => canReadCatalog(u), EVERYONE],
  ["write the catalog", (u) => canWriteCatalog(u), []],
  [
    "see a live product",
    (u) => canReadProduct(u, { ...PAYMENTS_PRODUCT, status: "live" }),
    EVERYONE,
  ],
  [
    "see a decommissioned product",
    (u) => canReadProduct(u, { ...PAYMENTS_PRODUCT, status: "decommissioned" }),
    EVERYONE,
  ],
  ...(["requested", "deploying", "failed"] as const).map((status): Row => [
    `see a ${status} product that was never published`,
    (u) => canReadProduct(u, { ...PAYMENTS_PRODUCT, status }),
    [...PAYMENTS, "admin"],
  ]),
  // Lineage
  ["read the lineage graph", (u) => canReadLineage(u), EVERYONE],
  [
    "link an unclaimed dataset to a payments product",
    (u) => canLinkDataset(u, PAYMENTS_PRODUCT, dataset(null, null)),
    [...PAYMENTS, "admin"],
  ],
  [
    "relink a payments dataset to another payments product",
    (u) => canLinkDataset(u, PAYMENTS_PRODUCT, dataset(PAYMENTS_PRODUCT, PAYMENTS_PRODUCT)),
    [...PAYMENTS, "admin"],
  ],
  [
    "take a dataset linked to customer over for payments",
    (u) => canLinkDataset(u, PAYMENTS_PRODUCT, dataset(CUSTOMER_PRODUCT, null)),
    ADMINS,
  ],
  [
    "claim for payments a dataset whose name matches a customer product",
    (u) => canLinkDataset(u, PAYMENTS_PRODUCT, dataset(null, CUSTOMER_PRODUCT)),
    ADMINS,
  ],
  [
    "link a payments dataset to a customer product",
    (u) => canLinkDataset(u, CUSTOMER_PRODUCT, dataset(PAYMENTS_PRODUCT, null)),
    ADMINS,
  ],
  [
    "unlink a payments dataset",
    (u) => canUnlinkDataset(u, dataset(PAYMENTS_PRODUCT, PAYMENTS_PRODUCT)),
    [...PAYMENTS, "admin"],
  ],
  [
    "unlink a payments dataset another domain linked to itself",
    (u) => canUnlinkDataset(u, dataset(CUSTOMER_PRODUCT, PAYMENTS_PRODUCT)),
    [...PAYMENTS, "admin", "otherDomainMember"],
  ],
  [
    "unlink a customer dataset",
    (u) => canUnlinkDataset(u, dataset(CUSTOMER_PRODUCT, CUSTOMER_PRODUCT)),
    ["otherDomainMember", ...ADMINS],
  ],
];

describe("authorization table for the payments domain", () => {
  for (const [what, check, allowed] of TABLE) {
    for (const role of EVERYONE) {
      const verdict = allowed.includes(role);
      it(`${role} ${verdict ? "may" : "may not"} ${what}`, () => {
        expect(check(ROLES[role])).toBe(verdict);
      });
    }
  }

  it("covers every action of the state machine", () => {
    const covered = [
      "submit",
      "reopen",
      "withdraw",
      "approve",
      "reject",
      "deploy",
      "succeed",
      "fail",
    ];
    expect([...REQUEST_ACTIONS].sort()).toEqual(covered.sort());
  });

  it("lets no one edit a request that is not a draft", () => {
    for (const status of REQUEST_STATUSES.filter((s) => s !== "draft")) {
      for (const role of Object.values(ROLES)) {
        expect(canEditRequest(role, { domain: "payments", status })).toBe(false);
      }
    }
  });

  it("lets only a platform token with catalog:write write the catalog", () => {
    expect(canWriteCatalog({ kind: "platform", scopes: new Set(["catalog:write"]) })).toBe(true);
    expect(canWriteCatalog({ kind: "platform", scopes: new Set() })).toBe(false);
  });
});

describe("scopes of lists", () => {
  it("shows requests of the caller's domains, every domain's to admins", () => {
    expect(requestScope(ROLES.admin)).toBe("all");
    expect(requestScope(ROLES.member)).toEqual(["payments"]);
    expect(requestScope(ROLES.outsider)).toEqual([]);
    expect(requestDomains(ROLES.adminMember)).toEqual(["payments"]);
    expect(requestDomains(ROLES.admin)).toEqual([]);
  });

  it("shows published products to all, unpublished ones to their domain and admins", () => {
    const requested = { domain: "payments", status: "requested" };
    const live = { domain: "payments", status: "live" };
    for (const role of EVERYONE) {
      const scope = productScope(ROLES[role]);
      expect(productInScope(scope, live)).toBe(true);
      expect(productInScope(scope, requested)).toBe([...PAYMENTS, "admin"].includes(role));
    }
  });
});

describe("lineage written with a domain's API key", () => {
  const key = (domain: string, scopes = ["lineage:write"]): LineageKeyPrincipal => ({
    kind: "lineage-key",
    keyId: "k1",
    domain,
    scopes: new Set(scopes),
  });

  it("counts for a product only when the key's domain owns it", () => {
    expect(countsForProduct("payments", PAYMENTS_PRODUCT)).toBe(true);
    expect(countsForProduct("customer", PAYMENTS_PRODUCT)).toBe(false);
    expect(countsForProduct(null, PAYMENTS_PRODUCT)).toBe(false);
  });

  it("records probe results of its own domain's products only", () => {
    expect(canIngestLineage(key("payments"))).toBe(true);
    expect(canIngestLineage(key("payments", []))).toBe(false);
    expect(canRecordProbe(key("payments"), PAYMENTS_PRODUCT)).toBe(true);
    expect(canRecordProbe(key("customer"), PAYMENTS_PRODUCT)).toBe(false);
    expect(canRecordProbe(key("payments", []), PAYMENTS_PRODUCT)).toBe(false);
  });

  it("sees its own domain's unpublished products, no one else's", () => {
    const scope = lineageKeyScope(key("payments"));
    expect(productInScope(scope, { domain: "payments", status: "requested" })).toBe(true);
    expect(productInScope(scope, { domain: "customer", status: "requested" })).toBe(false);
    expect(productInScope(scope, { domain: "customer", status: "live" })).toBe(true);
  });
});
