/**
 * An SLA status as a badge. Its own module so client code (the catalog's results) can draw it
 * without loading the SLA rules (and the contract) that SlaPanel.tsx imports.
 */
import type { SlaStatus } from "../../shared/lineage/sla-status";
import { Badge, type Tone } from "../StatusBadge";
import { STATUS_LABELS } from "./sla-timeline";

const TONES: Readonly<Record<SlaStatus, Tone | undefined>> = {
  met: "ok",
  at_risk: "warn",
  breached: "danger",
  unknown: undefined,
};

export function SlaStatusPill({ status }: { status: SlaStatus }) {
  return (
    <Badge tone={TONES[status]} data-status={status}>
      {STATUS_LABELS[status]}
    </Badge>
  );
}
