/**
 * The product's Iceberg table does not have the schema its spec describes (the product API's
 * `tableSchema`): typically a deployment's settle could not commit the spec's change into the
 * catalog. Says why, which columns differ, and what to do; the retry itself is the platform
 * team's (canRunDeployments), everyone else is told whom to ask.
 */
import Link from "next/link";
import type { ProductTableSchema, TableColumnDifference } from "../../shared/api-schemas";
import { DeploymentButtons } from "../DeploymentButtons";

function differenceText(difference: TableColumnDifference): string {
  const { spec = "", table = "" } = difference;
  switch (difference.kind) {
    case "missing":
      return `in the spec (${spec}), not in the table`;
    case "extra":
      return `in the table (${table}), not in the spec`;
    case "renamed":
      return `named ${table} in the table`;
    case "doc":
      return "its description differs";
    default:
      return `${difference.kind}: spec ${spec}, table ${table}`;
  }
}

function Action({
  failed,
  deploying,
  runsDeployments,
}: {
  failed: ProductTableSchema["failedDeployment"];
  deploying: boolean;
  runsDeployments: boolean;
}) {
  if (deploying)
    return <p>A deployment is in progress: its settle commits the change when it succeeds.</p>;
  if (!runsDeployments)
    return <p>Ask the platform team to deploy the product again: that retries the change.</p>;
  if (failed === null) return <p>Deploy the product again to commit the spec&apos;s table.</p>;
  return (
    <>
      <p>
        Deploy again to retry (<Link href={`/deployments/${failed.id}`}>the failed deployment</Link>
        ).
      </p>
      <DeploymentButtons
        label="Retry the table change"
        actions={[{ label: "Deploy again", path: `/api/v1/deployments/${failed.id}/retry` }]}
      />
    </>
  );
}

export function TableSchemaBanner({
  schema,
  runsDeployments,
}: {
  schema: ProductTableSchema | null;
  /** The viewer operates stacks (the platform team): may retry and open deployments. */
  runsDeployments: boolean;
}) {
  if (schema === null || schema.matchesSpec) return null;
  const failed = schema.failedDeployment;
  return (
    <div className="alert" data-tone="warn" role="status" aria-label="Table schema differs">
      <p>
        <strong>The table&apos;s schema differs from the product&apos;s spec.</strong> Engines
        reading it through the Iceberg catalog see the table&apos;s columns, not the spec&apos;s.
      </p>
      {failed !== null && <p>The last deployment could not change it: {failed.reason}</p>}
      <ul>
        {schema.differences.map((difference) => (
          <li key={`${difference.kind}:${difference.column}`}>
            <code>{difference.column}</code>: {differenceText(difference)}
          </li>
        ))}
      </ul>
      <Action failed={failed} deploying={schema.deploying} runsDeployments={runsDeployments} />
    </div>
  );
}
