/** SLA history (status changes) → the segments the chart draws. Pure. */
import type { SlaHistoryEntry } from "../../shared/lineage/api-schemas";
import type { SlaCheck, SlaStatus } from "../../shared/lineage/sla-rules";

interface Segment {
  from: number;
  to: number;
  status: SlaStatus;
}

/** Each status lasts from its change to the next change of the same check (or `end`). */
export function segmentsFor(
  history: readonly SlaHistoryEntry[],
  check: SlaCheck,
  end: number,
): Segment[] {
  const changes = history.filter((entry) => entry.check === check);
  return changes.map((entry, index) => ({
    from: Date.parse(entry.at),
    to: Math.max(
      Date.parse(entry.at),
      index + 1 < changes.length ? Date.parse(changes[index + 1]?.at ?? entry.at) : end,
    ),
    status: entry.status,
  }));
}

export const STATUS_LABELS: Record<SlaStatus, string> = {
  met: "Met",
  at_risk: "At risk",
  breached: "Breached",
  unknown: "No data",
};
