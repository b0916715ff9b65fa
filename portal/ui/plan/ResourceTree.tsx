/**
 * Planned resources as a tree of components and their children; a custom resource unfolds to
 * the inputs it would be created with, flagged when protected or retained on delete.
 */
import type { PlannedResource } from "#core/plan-result";
import type { ResourceNode } from "#core/plan-summary";
import { Badge } from "../StatusBadge";

export function ResourceTree({ nodes, label }: { nodes: readonly ResourceNode[]; label: string }) {
  return (
    <ul aria-label={label} className="plan-tree">
      {nodes.map(({ resource, children }) => (
        <li key={`${resource.type}::${resource.name}`}>
          <ResourceLine resource={resource} />
          {children.length > 0 && (
            <ResourceTree nodes={children} label={`Children of ${resource.name}`} />
          )}
        </li>
      ))}
    </ul>
  );
}

function ResourceLine({ resource }: { resource: PlannedResource }) {
  const inputs = Object.entries(resource.inputs);
  const flags = [
    resource.protect ? "protected" : undefined,
    resource.retainOnDelete ? "retained on delete" : undefined,
  ].filter((flag) => flag !== undefined);
  const title = (
    <>
      {resource.custom ? <code>{resource.type}</code> : <strong>{resource.type}</strong>}{" "}
      <span className="muted">{resource.name}</span>
      {flags.map((flag) => (
        <Badge key={flag} tone="info" style={{ marginLeft: "0.4rem" }}>
          {flag}
        </Badge>
      ))}
    </>
  );
  if (!resource.custom || inputs.length === 0) return <div>{title}</div>;
  return (
    <details>
      <summary>{title}</summary>
      <dl className="small plan-inputs">
        {inputs.map(([key, value]) => (
          <div key={key}>
            <dt>{key}</dt>
            <dd>
              <code>{value}</code>
            </dd>
          </div>
        ))}
      </dl>
    </details>
  );
}
