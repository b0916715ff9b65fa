/**
 * A product's SLA status and its history as a small hand-drawn SVG timeline (no chart library,
 * no client JavaScript): one row per check, coloured by status, with a text table alongside.
 */
import type { ProductSla } from "../../shared/lineage/api-schemas";
import { SLA_CHECKS } from "../../shared/lineage/sla-rules";
import { Timestamp } from "../RelativeTime";
import { Table } from "../Table";
import { SlaStatusPill } from "./SlaStatusPill";
import { STATUS_LABELS, segmentsFor } from "./sla-timeline";

const WIDTH = 600;
const ROW = 22;
const LABEL = 96;
function Timeline({ sla }: { sla: ProductSla }) {
  const end = Date.parse(sla.evaluatedAt);
  const start =
    sla.history.length === 0 ? end : Math.min(...sla.history.map((e) => Date.parse(e.at)));
  const span = Math.max(end - start, 1);
  const x = (t: number) => LABEL + ((t - start) / span) * (WIDTH - LABEL);
  return (
    <svg
      viewBox={`0 0 ${WIDTH} ${ROW * SLA_CHECKS.length + 18}`}
      className="sla-chart"
      role="img"
      aria-label="SLA status over time per check"
    >
      {SLA_CHECKS.map((check, row) => (
        <g key={check} transform={`translate(0 ${row * ROW})`}>
          <text x={0} y={15} className="sla-chart-label">
            {check}
          </text>
          {segmentsFor(sla.history, check, end).map((segment) => (
            <rect
              key={segment.from}
              x={x(segment.from)}
              y={4}
              width={Math.max(x(segment.to) - x(segment.from), 2)}
              height={ROW - 8}
              className={`sla-${segment.status}`}
            >
              <title>
                {`${check}: ${STATUS_LABELS[segment.status]} from ${new Date(segment.from).toISOString()}`}
              </title>
            </rect>
          ))}
        </g>
      ))}
      <text x={LABEL} y={ROW * SLA_CHECKS.length + 14} className="sla-chart-label">
        {new Date(start).toISOString().slice(0, 16).replace("T", " ")}
      </text>
      <text x={WIDTH} y={ROW * SLA_CHECKS.length + 14} textAnchor="end" className="sla-chart-label">
        now
      </text>
    </svg>
  );
}

/** What other domains' keys reported about the product's datasets: kept, shown, not counted. */
function ForeignWrites({ writes }: { writes: ProductSla["foreignWrites"] }) {
  if (writes.length === 0) return null;
  return (
    <div className="card" role="note" aria-label="Reports from other domains">
      <p className="small">
        <strong>Not counted:</strong> other domains reported on this product&apos;s datasets (the
        newest {writes.length} below). Only the product&apos;s own domain&apos;s pipelines move its
        SLA.
      </p>
      <ul className="small">
        {writes.map((write, index) => (
          <li key={index}>
            <Timestamp at={write.at} /> · {write.domain ?? "a deleted key"}{" "}
            {write.write ? "wrote" : "reported on"}{" "}
            <code>
              {write.dataset.namespace}:{write.dataset.name}
            </code>
            {write.quality && " (quality facets)"}
          </li>
        ))}
      </ul>
    </div>
  );
}

export function SlaPanel({ sla }: { sla: ProductSla }) {
  return (
    <>
      <ForeignWrites writes={sla.foreignWrites} />
      <Table label="SLA status" columns={["Check", "Status", "Why"]}>
        {SLA_CHECKS.map((check) => (
          <tr key={check}>
            <td>{check}</td>
            <td>
              <SlaStatusPill status={sla.current[check].status} />
            </td>
            <td className="small">{sla.current[check].reason}</td>
          </tr>
        ))}
      </Table>
      {sla.history.length === 0 ? (
        <p className="muted small">
          No history yet: statuses are recorded on ingestion and every minute.
        </p>
      ) : (
        <>
          <Timeline sla={sla} />
          <details>
            <summary className="small">Status changes ({sla.history.length})</summary>
            <ul className="small">
              {sla.history.map((entry, index) => (
                <li key={index}>
                  <Timestamp at={entry.at} /> · {entry.check} → {STATUS_LABELS[entry.status]} (
                  {entry.reason})
                </li>
              ))}
            </ul>
          </details>
        </>
      )}
    </>
  );
}
