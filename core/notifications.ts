/**
 * The vocabulary of notifications: what can happen to someone (a request's decision, a product
 * they consume changing, an SLA breach of a product they own). Pure and browser-safe: the writer
 * (workflow/notify.ts), the inbox API and the portal's bell share it. The kind is also the
 * `meshplane-event` of the domain webhook sent for the same event (docs/notifications.md).
 */
export const NOTIFICATION_KINDS = [
  "request.submitted",
  "request.approved",
  "request.rejected",
  "request.deployed",
  "request.failed",
  "consumed.breaking-change",
  "consumed.decommission",
  "consumed.sunset-reached",
  "sla.breached",
  "access.requested",
  "access.approved",
  "access.denied",
  "access.revoked",
  "access.expired",
  "access.expiring",
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/** How the inbox labels each kind. */
export const NOTIFICATION_LABELS: Readonly<Record<NotificationKind, string>> = {
  "request.submitted": "Request to review",
  "request.approved": "Request approved",
  "request.rejected": "Request rejected",
  "request.deployed": "Request deployed",
  "request.failed": "Deployment failed",
  "consumed.breaking-change": "Breaking change upstream",
  "consumed.decommission": "Upstream decommission",
  "consumed.sunset-reached": "Upstream sunset reached",
  "sla.breached": "SLA breached",
  "access.requested": "Access requested",
  "access.approved": "Access approved",
  "access.denied": "Access denied",
  "access.revoked": "Access revoked",
  "access.expired": "Access expired",
  "access.expiring": "Access to re-certify",
};

/**
 * Whether a consumer's event is about a change that is proposed, approved, about to be carried
 * out because its sunset has come (a decommission's destroy starting), or done.
 */
export const CONSUMER_EVENT_STAGES = [
  "proposed",
  "approved",
  "sunset-reached",
  "deployed",
] as const;
export type ConsumerEventStage = (typeof CONSUMER_EVENT_STAGES)[number];
