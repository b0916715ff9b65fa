/** A request's status history: each change, who made it, when, and the reason they gave. */
import type { RequestDetail } from "../../shared/api-schemas";
import { pastTense } from "#core/request-lifecycle";
import { Timestamp } from "../RelativeTime";
import { Section } from "../Section";
import { StatusBadge } from "../StatusBadge";

export function StatusTimeline({ history }: { history: RequestDetail["history"] }) {
  return (
    <Section id="timeline" title="Status" card>
      <ol className="timeline" aria-label="Status history">
        {history.map((change, index) => (
          <li key={index}>
            <StatusBadge status={change.to} />{" "}
            <span className="small">
              {change.action === "create" ? "created" : pastTense(change.action)} by{" "}
              {change.actor?.name ?? "the platform"}
            </span>
            <div className="muted small">
              <Timestamp at={change.at} />
            </div>
            {change.reason !== null && <div className="small">“{change.reason}”</div>}
          </li>
        ))}
      </ol>
    </Section>
  );
}
