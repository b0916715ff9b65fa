/**
 * Badges: a short word in a pill, coloured by tone. Every badge of the portal (statuses, policy
 * results, SLA states, flags) is drawn here so the tones mean the same everywhere.
 */
import type { CSSProperties, ReactNode } from "react";
import type { ProductSummary } from "../shared/api-schemas";
import type { DeploymentStatus } from "#core/deployment-lifecycle";
import type { RequestStatus } from "#core/request-lifecycle";

export type Tone = "ok" | "danger" | "warn" | "info";

/** `data-*` attributes (data-status, data-policy-status) that tests and styles select by. */
type DataAttributes = Readonly<Record<`data-${string}`, string>>;

export function Badge({
  tone,
  style,
  children,
  ...data
}: { tone?: Tone | undefined; style?: CSSProperties; children: ReactNode } & DataAttributes) {
  return (
    <span className="badge" data-tone={tone} style={style} {...data}>
      {children}
    </span>
  );
}

type Status = RequestStatus | ProductSummary["status"] | DeploymentStatus;

const TONES: Readonly<Record<Status, Tone | undefined>> = {
  draft: undefined,
  submitted: "info",
  approved: "ok",
  rejected: "danger",
  deploying: "warn",
  live: "ok",
  failed: "danger",
  decommissioned: undefined,
  withdrawn: undefined,
  requested: "info",
  queued: "info",
  running: "warn",
  succeeded: "ok",
  interrupted: "warn",
  cancelled: undefined,
};

export function StatusBadge({ status }: { status: Status }) {
  return (
    <Badge tone={TONES[status]} data-status={status}>
      {status}
    </Badge>
  );
}

/** A live product whose approved decommission has a sunset still to come (core/sunset.ts). */
export function DeprecatedBadge({ sunsetAt }: { sunsetAt: string | null }) {
  const day = sunsetAt === null ? undefined : sunsetAt.slice(0, 10);
  return (
    <Badge tone="warn" data-deprecated="true">
      deprecated{day === undefined ? "" : ` · sunset ${day}`}
    </Badge>
  );
}
