/** The resources a deployment touches, each with its step and how far it got. */
import type { DeploymentDetail } from "../../shared/deployment-schemas";
import { Section } from "../Section";
import { Table } from "../Table";
import { resourceName } from "./log-lines";

export function ResourceSteps({ resources }: { resources: DeploymentDetail["resources"] }) {
  return (
    <Section id="resources" title="Resources">
      {resources.length === 0 ? (
        <p className="muted">No resource steps yet.</p>
      ) : (
        <Table label="Resource steps" columns={["Resource", "Type", "Step", "Status"]}>
          {resources.map((resource) => (
            <tr key={resource.urn}>
              <td>
                <code>{resourceName(resource.urn)}</code>
              </td>
              <td>
                <code>{resource.type}</code>
              </td>
              <td>{resource.op}</td>
              <td data-status={resource.status}>{resource.status}</td>
            </tr>
          ))}
        </Table>
      )}
    </Section>
  );
}
