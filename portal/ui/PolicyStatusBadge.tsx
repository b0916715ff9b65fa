/** A request's plan-preview policy state as one badge (review queue, request page). */
import type { PolicyStatus } from "#core/plan-summary";
import { Badge, type Tone } from "./StatusBadge";

const LABELS: Readonly<Record<Exclude<PolicyStatus["state"], "violations">, string>> = {
  none: "no plan yet",
  pending: "plan pending",
  failed: "plan failed",
  passed: "policies pass",
  "not-applicable": "no controls apply",
};

const TONES: Readonly<Record<PolicyStatus["state"], Tone | undefined>> = {
  none: undefined,
  pending: "info",
  failed: "warn",
  passed: "ok",
  "not-applicable": undefined,
  violations: "danger",
};

export function PolicyStatusBadge({ status }: { status: PolicyStatus }) {
  const label =
    status.state === "violations"
      ? `${status.count} policy violation${status.count === 1 ? "" : "s"}`
      : LABELS[status.state];
  return (
    <Badge tone={TONES[status.state]} data-policy-status={status.state}>
      {label}
    </Badge>
  );
}
