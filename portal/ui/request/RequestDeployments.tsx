/** The platform team's view of a request's stack: its deploy buttons and the operations run. */
import Link from "next/link";
import type { DeploymentSummary } from "../../shared/deployment-schemas";
import { DeploymentButtons, type DeploymentAction } from "../DeploymentButtons";
import { Timestamp } from "../RelativeTime";
import { Section } from "../Section";
import { StatusBadge } from "../StatusBadge";

export function RequestDeployments({
  deployments,
  actions,
}: {
  deployments: readonly DeploymentSummary[];
  actions: readonly DeploymentAction[];
}) {
  return (
    <Section id="deployments" title="Deployments" card>
      {actions.length > 0 && <DeploymentButtons label="Deploy" actions={actions} />}
      {deployments.length === 0 ? (
        <p className="muted">Nothing previewed or deployed yet.</p>
      ) : (
        <ul aria-label="Deployments of this request">
          {deployments.map((deployment) => (
            <li key={deployment.id}>
              <Link href={`/deployments/${deployment.id}`}>
                {deployment.operation} <code>{deployment.stack}</code>
              </Link>{" "}
              <StatusBadge status={deployment.status} />{" "}
              <span className="muted small">
                <Timestamp at={deployment.createdAt} />
              </span>
            </li>
          ))}
        </ul>
      )}
    </Section>
  );
}
