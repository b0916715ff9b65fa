import type { PolicyStatus } from "#core/plan-summary";

const LABELS: Readonly<Record<Exclude<PolicyStatus["state"], "violations">, string>> = {
  none: "no plan yet",
  pending: "plan pending",
  failed: "plan failed",
  passed: "policies pass",
  "not-applicable": "no controls apply",
};

const TONES: Readonly<
  Record<PolicyStatus["state"], "ok" | "danger" | "warn" | "info" | undefined>
> = {
  none: undefined,
  pending: "info",
  failed: "warn",
  passed: "ok",
  "not-applicable": undefined,
  violations: "danger",
};

/** One-glance policy state of a request's plan preview (review queue, request page). */
export function PolicyStatusBadge({ status }: { status: PolicyStatus }) {
  const label =
    status.state === "violations"
      ? `${status.count} policy violation${status.count === 1 ? "" : "s"}`
      : LABELS[status.state];
  return (
    <span className="badge" data-tone={TONES[status.state]} data-policy-status={status.state}>
      {label}
    </span>
  );
}
