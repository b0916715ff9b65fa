/** A finished operation's result: the changes it made and the stack's outputs. */
import type { DeploymentDetail } from "../../shared/deployment-schemas";
import { Section } from "../Section";

export function DeploymentResult({
  summary,
}: {
  summary: NonNullable<DeploymentDetail["summary"]>;
}) {
  const changes = Object.entries(summary.changes);
  return (
    <Section id="summary" title="Result" card>
      <p>
        {changes.length === 0
          ? "No changes."
          : changes.map(([op, count]) => `${count} to ${op}`).join(", ")}
      </p>
      {summary.outputs !== undefined && (
        <>
          <h3>Outputs</h3>
          <pre aria-label="Stack outputs">{JSON.stringify(summary.outputs, null, 2)}</pre>
        </>
      )}
    </Section>
  );
}
