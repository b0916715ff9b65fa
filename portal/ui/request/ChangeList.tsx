/**
 * What a change does, field by field: path, kind, before → after, and the verdict with its reason
 * (for the table, in Iceberg's terms: a new column's field id, a widening, a rename keeping the id).
 * Used for a request against the live version or its previous submission, and for two versions.
 */
import type { SpecComparison, SpecChangeView } from "../../shared/api-schemas";
import { Badge, type Tone } from "../StatusBadge";
import { Table } from "../Table";

const TONES: Readonly<Record<SpecChangeView["severity"], Tone>> = {
  compatible: "ok",
  breaking: "warn",
  illegal: "danger",
};

function shown(value: unknown): string {
  if (value === undefined) return "—";
  return typeof value === "string" ? value : JSON.stringify(value);
}

export function ChangeList({
  label,
  comparison,
}: {
  /** Names the table, e.g. "Changes against the live version 1.4.0". */
  label: string;
  comparison: SpecComparison;
}) {
  if (comparison.changes.length === 0) return <p className="muted">{label}: nothing changed.</p>;
  return (
    <>
      <p>
        {label}:{" "}
        {comparison.severity !== null && (
          <Badge tone={TONES[comparison.severity]} data-severity={comparison.severity}>
            {comparison.severity}
          </Badge>
        )}{" "}
        {comparison.bump !== null && (
          <span className="muted">needs a {comparison.bump} version</span>
        )}
      </p>
      <Table label={label} columns={["Field", "Change", "Before", "After", "Verdict", "Why"]}>
        {comparison.changes.map((change, index) => (
          <tr key={`${change.path}-${index}`}>
            <td>
              <code>{change.path}</code>
            </td>
            <td>{change.kind}</td>
            <td>
              <code>{shown(change.before)}</code>
            </td>
            <td>
              <code>{shown(change.after)}</code>
            </td>
            <td>
              <Badge tone={TONES[change.severity]}>
                {change.severity} ({change.bump})
              </Badge>
            </td>
            <td className="small">{change.reason}</td>
          </tr>
        ))}
      </Table>
    </>
  );
}
