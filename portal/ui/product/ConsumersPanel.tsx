/**
 * Who consumes a product (workflow/consumers.ts): products declaring it as an input, jobs lineage
 * saw reading it, access grants; and on a request, whom an update or decommission will tell.
 */
import Link from "next/link";
import type { ProductConsumersView } from "../../shared/notification-schemas";
import { Badge } from "../StatusBadge";

const VIA_LABELS = { input: "declared input", lineage: "lineage", grant: "access grant" } as const;

export function ConsumersPanel({ consumers }: { consumers: ProductConsumersView }) {
  const none =
    consumers.products.length === 0 &&
    consumers.observed.length === 0 &&
    consumers.grants.length === 0;
  if (none)
    return (
      <p className="muted">
        No known consumers: no product declares this one as an input, and lineage saw no job read
        it.
      </p>
    );
  return (
    <div className="stack">
      {consumers.products.length > 0 && (
        <ul aria-label="Consumer products">
          {consumers.products.map((product) => (
            <li key={product.ref}>
              <Link href={`/products/${product.ref}`}>{product.ref}</Link>{" "}
              {product.via.map((via) => (
                <Badge key={via}>{VIA_LABELS[via]}</Badge>
              ))}{" "}
              {product.ownerEmails.length > 0 && (
                <span className="muted small">owners {product.ownerEmails.join(", ")}</span>
              )}
            </li>
          ))}
        </ul>
      )}
      {consumers.observed.length > 0 && (
        <ul aria-label="Jobs reading this product">
          {consumers.observed.map((job) => (
            <li key={`${job.namespace}/${job.name}`}>
              job {job.namespace}/{job.name}
              {job.domains.length > 0 && (
                <span className="muted small"> reported by {job.domains.join(", ")}</span>
              )}
              {job.outputs.length > 0 && (
                <span className="muted small">
                  {" "}
                  →{" "}
                  {job.outputs
                    .map((output) => output.product ?? `${output.namespace}/${output.name}`)
                    .join(", ")}
                </span>
              )}
            </li>
          ))}
        </ul>
      )}
      {consumers.grants.length > 0 && (
        <ul aria-label="Access grants">
          {consumers.grants.map((grant) => (
            <li key={`${grant.domain}/${grant.principal}`}>
              {grant.domain}: {grant.principal}
              {grant.product !== null && <> for {grant.product}</>}
            </li>
          ))}
        </ul>
      )}
      <p className="muted small">
        Consumer domains:{" "}
        {consumers.domains.length === 0 ? "none besides the owner" : consumers.domains.join(", ")}
      </p>
    </div>
  );
}

/** On a request: what the change means for the consumers and whom it tells. */
export function ConsumerImpactPanel({
  kind,
  impact,
}: {
  kind: "update" | "decommission";
  impact: {
    consumers: ProductConsumersView;
    changes: readonly { path: string; reason: string; severity: string }[];
    told: boolean;
  };
}) {
  const { consumers } = impact;
  const owners = consumers.products.flatMap((product) => product.ownerEmails);
  return (
    <div className="stack" data-testid="consumer-impact">
      {impact.changes.length > 0 && (
        <div className="alert" data-tone="warn" role="note">
          <strong>Breaking for consumers:</strong>
          <ul>
            {impact.changes.map((change) => (
              <li key={change.path}>
                <code>{change.path}</code> ({change.severity}): {change.reason}
              </li>
            ))}
          </ul>
        </div>
      )}
      <p>
        {impact.told
          ? consumers.domains.length + owners.length === 0
            ? `Nobody else consumes it: this ${kind} notifies no other domain.`
            : `On submit, approval${kind === "decommission" ? " and when it is carried out" : ""}, this ${kind} notifies ${[
                ...(consumers.domains.length > 0
                  ? [`the members and webhooks of ${consumers.domains.join(", ")}`]
                  : []),
                ...(owners.length > 0 ? [`the owners ${owners.join(", ")}`] : []),
              ].join(" and ")}.`
          : "This update is compatible: consumers are not notified."}
      </p>
      <ConsumersPanel consumers={consumers} />
    </div>
  );
}
