/**
 * What happened to the product's stack: the catalog registrations its deployments sent, and the
 * Pulumi operations the platform ran (linked to their pages for those who may open them).
 */
import Link from "next/link";
import type { ProductDetail } from "../../shared/api-schemas";
import { Timestamp } from "../RelativeTime";
import { Section } from "../Section";
import { StatusBadge } from "../StatusBadge";
import { Table } from "../Table";

export function DeploymentHistory({
  product,
  linkDeployments,
}: {
  product: ProductDetail;
  /** The viewer may open deployment pages (the platform team). */
  linkDeployments: boolean;
}) {
  return (
    <Section id="deployments" title="Deployment history">
      {product.registrations.length === 0 ? (
        <p className="muted">No deployment has registered this product yet.</p>
      ) : (
        <Table
          label="Catalog registrations"
          caption="Registrations by deployed stacks"
          columns={["When", "Event", "Environment", "Stack"]}
        >
          {product.registrations.map((registration, index) => (
            <tr key={index}>
              <td>
                <Timestamp at={registration.at} />
              </td>
              <td>{registration.event}</td>
              <td>{registration.environment ?? "—"}</td>
              <td>{registration.stack === null ? "—" : <code>{registration.stack}</code>}</td>
            </tr>
          ))}
        </Table>
      )}
      {product.deployments.length > 0 && (
        <Table label="Pulumi operations" columns={["Started", "Operation", "Status", "Stack"]}>
          {product.deployments.map((deployment) => (
            <tr key={deployment.id}>
              <td>
                {linkDeployments ? (
                  <Link href={`/deployments/${deployment.id}`}>
                    <Timestamp at={deployment.createdAt} />
                  </Link>
                ) : (
                  <Timestamp at={deployment.createdAt} />
                )}
              </td>
              <td>{deployment.operation}</td>
              <td>
                <StatusBadge status={deployment.status} />
              </td>
              <td>
                <code>{deployment.stack}</code>
              </td>
            </tr>
          ))}
        </Table>
      )}
    </Section>
  );
}
