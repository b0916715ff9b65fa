/** The home page's SLA summary: how many products keep their promises, and the ones that do not. */
import Link from "next/link";
import type { SlaSummary } from "../../shared/lineage/api-schemas";
import { EmptyState } from "../States";
import { SlaStatusPill } from "./SlaStatusPill";
import { STATUS_LABELS } from "./sla-timeline";

export function SlaSummaryCard({ summary }: { summary: SlaSummary }) {
  const attention = summary.products.filter(
    (p) => p.status === "breached" || p.status === "at_risk",
  );
  return (
    <section aria-labelledby="sla-summary">
      <h2 id="sla-summary">SLA health</h2>
      {summary.products.length === 0 ? (
        <EmptyState title="No SLA has been evaluated yet." />
      ) : (
        <>
          <p aria-label="SLA counts">
            {(["breached", "at_risk", "met", "unknown"] as const).map((status) => (
              <span key={status} style={{ marginRight: "1rem" }}>
                <SlaStatusPill status={status} /> {summary.counts[status]}
              </span>
            ))}
          </p>
          {attention.length > 0 && (
            <ul aria-label="Products needing attention">
              {attention.slice(0, 10).map((p) => (
                <li key={p.product}>
                  <Link href={`/products/${p.product}`}>{p.product}</Link> ·{" "}
                  {STATUS_LABELS[p.status]}
                  <span className="muted small"> · {p.reason}</span>
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </section>
  );
}
