/**
 * A computed plan preview: the mesh policy results (violations first), how many resources of
 * each type DataProduct would create, and the resources grouped by component.
 */
import type { PlannedResource, PolicyResult } from "#core/plan-result";
import { countsByType, orderPolicyResults, resourceTree } from "#core/plan-summary";
import { Badge, type Tone } from "../StatusBadge";
import { Table } from "../Table";
import { ResourceTree } from "./ResourceTree";

export function PlanResults({
  resources,
  policies,
}: {
  resources: readonly PlannedResource[];
  policies: readonly PolicyResult[];
}) {
  const counts = countsByType(resources);
  const total = counts.reduce((sum, { count }) => sum + count, 0);
  return (
    <>
      <h3>Policy results</h3>
      {policies.length === 0 ? (
        <p className="muted">No mesh controls apply to this target.</p>
      ) : (
        <PolicyTable results={orderPolicyResults(policies)} />
      )}
      <h3>
        {total} resource{total === 1 ? "" : "s"} by type
      </h3>
      <Table label="Resources by type" columns={["Type", "Count"]}>
        {counts.map(({ type, count }) => (
          <tr key={type}>
            <td>
              <code>{type}</code>
            </td>
            <td>{count}</td>
          </tr>
        ))}
      </Table>
      <h3>Resources by component</h3>
      <ResourceTree nodes={resourceTree(resources)} label="Planned resources" />
    </>
  );
}

const OUTCOME_LABELS: Readonly<Record<PolicyResult["outcome"], string>> = {
  violation: "violation",
  pass: "pass",
  "not-applicable": "not applicable",
};

const OUTCOME_TONES: Readonly<Record<PolicyResult["outcome"], Tone | undefined>> = {
  violation: "danger",
  pass: "ok",
  "not-applicable": undefined,
};

function PolicyTable({ results }: { results: readonly PolicyResult[] }) {
  return (
    <Table label="Policy results" columns={["Control", "Result", "Resource", "Message"]}>
      {results.map((result, index) => (
        <tr key={index}>
          <td>
            <strong>{result.controlId}</strong>
            <div className="small muted">{result.control}</div>
          </td>
          <td>
            <Badge tone={OUTCOME_TONES[result.outcome]}>{OUTCOME_LABELS[result.outcome]}</Badge>
          </td>
          <td>{result.resource === null ? "—" : <code>{result.resource}</code>}</td>
          <td className="small">{result.message}</td>
        </tr>
      ))}
    </Table>
  );
}
