/**
 * The request state machine. Pure and browser-safe: the server enforces it on every change and
 * the pages use it to offer only the actions that can succeed.
 *
 *   draft ──submit──▶ submitted ──approve──▶ approved ──deploy──▶ deploying ──succeed──▶ live
 *     ▲                   │                                ▲           │
 *     └──reopen── rejected ◀──reject                       └──deploy── failed ◀──fail
 *
 * A decommission request walks the same path; its successful end is `decommissioned`.
 * Its domain may withdraw a request before it is approved (draft, submitted, rejected): it ends
 * `withdrawn`, kept with its history and audit entries. A failed deployment is not withdrawn: its
 * stack may hold resources, so it is deployed again or the product decommissioned.
 */

/** `update` changes a live product's spec (filed from the product page). */
export const REQUEST_KINDS = ["create", "update", "decommission"] as const;
export type RequestKind = (typeof REQUEST_KINDS)[number];

/** Create and update requests carry a spec (edited, validated, planned); decommission does not. */
export function carriesSpec(kind: RequestKind): boolean {
  return kind !== "decommission";
}

export const REQUEST_STATUSES = [
  "draft",
  "submitted",
  "approved",
  "rejected",
  "deploying",
  "live",
  "failed",
  "decommissioned",
  "withdrawn",
] as const;
export type RequestStatus = (typeof REQUEST_STATUSES)[number];

export const REQUEST_ACTIONS = [
  "submit",
  "approve",
  "reject",
  "reopen",
  "deploy",
  "succeed",
  "fail",
  "withdraw",
] as const;
export type RequestAction = (typeof REQUEST_ACTIONS)[number];

/** Who may take an action: the requesting domain, the platform team, or the deployment worker. */
export type ActionActor = "domain" | "platform-admin" | "automation";

export const ACTION_ACTORS: Readonly<Record<RequestAction, ActionActor>> = {
  submit: "domain",
  reopen: "domain",
  withdraw: "domain",
  approve: "platform-admin",
  reject: "platform-admin",
  deploy: "platform-admin",
  succeed: "automation",
  fail: "automation",
};

/** Review decisions carry a reason: the requester learns why, the audit log keeps it. */
export const ACTIONS_REQUIRING_REASON: ReadonlySet<RequestAction> = new Set(["approve", "reject"]);

const TRANSITIONS: Readonly<
  Record<RequestStatus, Partial<Record<RequestAction, RequestStatus | "completed">>>
> = {
  draft: { submit: "submitted", withdraw: "withdrawn" },
  submitted: { approve: "approved", reject: "rejected", withdraw: "withdrawn" },
  rejected: { reopen: "draft", withdraw: "withdrawn" },
  approved: { deploy: "deploying" },
  deploying: { succeed: "completed", fail: "failed" },
  failed: { deploy: "deploying" },
  live: {},
  decommissioned: {},
  withdrawn: {},
};

const COMPLETED_STATUS: Readonly<Record<RequestKind, RequestStatus>> = {
  create: "live",
  update: "live",
  decommission: "decommissioned",
};

export type TransitionResult = { ok: true; status: RequestStatus } | { ok: false; reason: string };

export function transition(
  kind: RequestKind,
  status: RequestStatus,
  action: RequestAction,
): TransitionResult {
  const next = TRANSITIONS[status][action];
  if (next === undefined) {
    const article = /^[aeiou]/.test(status) ? "an" : "a";
    return { ok: false, reason: `${article} ${status} request cannot be ${pastTense(action)}` };
  }
  return { ok: true, status: next === "completed" ? COMPLETED_STATUS[kind] : next };
}

export function availableActions(status: RequestStatus): RequestAction[] {
  return REQUEST_ACTIONS.filter((action) => TRANSITIONS[status][action] !== undefined);
}

/** Statuses a platform admin deploys from: approved, and failed (deploying again). */
export const DEPLOYABLE_STATUSES: readonly RequestStatus[] = REQUEST_STATUSES.filter((status) =>
  availableActions(status).includes("deploy"),
);

/**
 * Statuses of a request still in progress. A product has at most one such request: checked by the
 * server, and held under concurrency by the partial unique index
 * `product_requests_one_open_per_product` (prisma/schema.prisma; a test keeps the two equal).
 */
export const OPEN_STATUSES: readonly RequestStatus[] = [
  "draft",
  "submitted",
  "approved",
  "deploying",
  "failed",
];

export function isOpen(status: RequestStatus): boolean {
  return OPEN_STATUSES.includes(status);
}

/**
 * Whether the platform team can run a Pulumi preview of the request's spec on its stack: a request
 * with a spec, from review until it is deployed (or failed to be).
 */
export function isPreviewable(kind: RequestKind, status: RequestStatus): boolean {
  return carriesSpec(kind) && (status === "submitted" || DEPLOYABLE_STATUSES.includes(status));
}

/** The spec of a request can be edited only while it is a draft. */
export function isEditable(status: RequestStatus): boolean {
  return status === "draft";
}

export function isTerminal(status: RequestStatus): boolean {
  return availableActions(status).length === 0;
}

const PAST_TENSE: Readonly<Record<RequestAction, string>> = {
  submit: "submitted",
  approve: "approved",
  reject: "rejected",
  reopen: "reopened",
  deploy: "deployed",
  succeed: "marked as succeeded",
  fail: "marked as failed",
  withdraw: "withdrawn",
};

export function pastTense(action: RequestAction): string {
  return PAST_TENSE[action];
}
