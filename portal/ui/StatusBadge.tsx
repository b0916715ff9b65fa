import type { ProductSummary } from "../shared/api-schemas";
import type { DeploymentStatus } from "#core/deployment-lifecycle";
import type { RequestStatus } from "#core/request-lifecycle";

const TONES: Readonly<Record<string, "ok" | "danger" | "warn" | "info" | undefined>> = {
  draft: undefined,
  submitted: "info",
  approved: "ok",
  rejected: "danger",
  deploying: "warn",
  live: "ok",
  failed: "danger",
  decommissioned: undefined,
  requested: "info",
  queued: "info",
  running: "warn",
  succeeded: "ok",
  interrupted: "warn",
  cancelled: undefined,
};

export function StatusBadge({
  status,
}: {
  status: RequestStatus | ProductSummary["status"] | DeploymentStatus;
}) {
  return (
    <span className="badge" data-tone={TONES[status]} data-status={status}>
      {status}
    </span>
  );
}

export function Badge({ children }: { children: string }) {
  return <span className="badge">{children}</span>;
}
