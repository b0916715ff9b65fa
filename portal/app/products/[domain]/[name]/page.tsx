import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { TIER_POLICIES, resolveDataProduct } from "#contract";
import { draftToYaml } from "../../../../shared/spec-text";
import { db } from "../../../../server/db";
import { canRunDeployments } from "../../../../server/deployments";
import { requireUser } from "../../../../server/page-session";
import { DeploymentButtons } from "../../../../ui/DeploymentButtons";
import { NotFoundError } from "../../../../server/problems";
import { getProductOrThrow } from "../../../../server/products";
import { canCreateRequest } from "../../../../server/authz";
import { DecommissionForm } from "../../../../ui/DecommissionForm";
import { Timestamp } from "../../../../ui/RelativeTime";
import { Badge, StatusBadge } from "../../../../ui/StatusBadge";
import { productSla } from "../../../../server/lineage/service";
import { ProductLineagePanel } from "../../../../ui/lineage/ProductLineagePanel";
import { SlaPanel } from "../../../../ui/lineage/SlaPanel";

export const metadata: Metadata = { title: "Data product" };
export const dynamic = "force-dynamic";

export default async function ProductPage({
  params,
}: {
  params: Promise<{ domain: string; name: string }>;
}) {
  const { domain, name } = await params;
  const user = await requireUser();
  const product = await getProductOrThrow(db(), user, domain, name).catch((error: unknown) => {
    if (error instanceof NotFoundError) notFound();
    throw error;
  });
  const { spec, outputs } = product;
  const resolved = resolveDataProduct(spec);
  // Deployment pages are the platform team's (anyone else gets a 404 there).
  const admin = canRunDeployments(user);
  return (
    <>
      <div className="page-header">
        <div>
          <h1>{product.displayName}</h1>
          <p className="lead">
            {domain}/{name} · <StatusBadge status={product.status} /> ·{" "}
            <Badge>{product.tier}</Badge> · {product.classification}
          </p>
        </div>
      </div>
      <p>{spec.description}</p>
      {admin && product.stack !== null && product.status !== "decommissioned" && (
        <DeploymentButtons
          label="Stack operations"
          actions={[
            { label: "Preview", path: `/api/v1/products/${domain}/${name}/preview` },
            { label: "Refresh", path: `/api/v1/products/${domain}/${name}/refresh` },
          ]}
        />
      )}
      {product.status === "live" && canCreateRequest(user, domain) && (
        <>
          <p>
            <Link className="button" href={`/requests/new?update=${domain}/${name}`}>
              Propose a change
            </Link>
          </p>
          <DecommissionForm product={`${domain}/${name}`} />
        </>
      )}

      <div className="grid">
        <section className="card" aria-labelledby="owners">
          <h2 id="owners" style={{ marginTop: 0 }}>
            Owners
          </h2>
          <dl className="facts">
            <dt>Team</dt>
            <dd>{spec.owners.team}</dd>
            <dt>Contacts</dt>
            <dd>{spec.owners.emails.join(", ")}</dd>
            <dt>Domain</dt>
            <dd>
              <Link href={`/domains/${domain}`}>{domain}</Link>
            </dd>
          </dl>
        </section>
        <section className="card" aria-labelledby="sla">
          <h2 id="sla" style={{ marginTop: 0 }}>
            Service levels
          </h2>
          <dl className="facts">
            <dt>Freshness</dt>
            <dd>{spec.sla.freshnessMinutes} min</dd>
            <dt>Availability</dt>
            <dd>{spec.sla.availabilityPercent}%</dd>
            <dt>RPO / RTO</dt>
            <dd>
              {spec.sla.rpoMinutes} / {spec.sla.rtoMinutes} min
            </dd>
            <dt>Retention</dt>
            <dd>{resolved.retentionDays} days</dd>
            <dt>Tier</dt>
            <dd>{TIER_POLICIES[spec.tier].summary}</dd>
          </dl>
        </section>
        <section className="card" aria-labelledby="outputs">
          <h2 id="outputs" style={{ marginTop: 0 }}>
            Outputs
          </h2>
          {outputs === null ? (
            <p className="muted">Not reported by a deployment yet.</p>
          ) : (
            <dl className="facts">
              <dt>Target</dt>
              <dd>
                {outputs.cloud} · {outputs.region}
              </dd>
              <dt>Storage</dt>
              <dd>
                <code>{outputs.storageUri}</code>
              </dd>
              <dt>Catalog</dt>
              <dd>
                {outputs.catalog.kind}: {outputs.catalog.database}.{outputs.catalog.table}
              </dd>
              <dt>Backup</dt>
              <dd>
                {outputs.backup.kind}
                {outputs.backup.region !== undefined && ` (${outputs.backup.region})`}
              </dd>
              {outputs.inference && (
                <>
                  <dt>Inference</dt>
                  <dd>
                    {outputs.inference.name}
                    {outputs.inference.endpointUrl !== undefined && (
                      <>
                        {" "}
                        · <code>{outputs.inference.endpointUrl}</code>
                      </>
                    )}
                  </dd>
                </>
              )}
              <dt>Stack</dt>
              <dd>
                {product.stack} ({product.environment})
              </dd>
            </dl>
          )}
        </section>
      </div>

      <section aria-labelledby="schema">
        <h2 id="schema">Schema</h2>
        <div className="table-wrap">
          <table aria-label="Schema">
            <thead>
              <tr>
                <th scope="col">Column</th>
                <th scope="col">Type</th>
                <th scope="col">Required</th>
                <th scope="col">PII</th>
                <th scope="col">Description</th>
              </tr>
            </thead>
            <tbody>
              {spec.table.columns.map((column) => (
                <tr key={column.name}>
                  <td>
                    <code>{column.name}</code>
                  </td>
                  <td>
                    <code>{column.type}</code>
                  </td>
                  <td>{column.required ? "yes" : "no"}</td>
                  <td>
                    {column.pii ? (
                      <span className="badge" data-tone="warn">
                        PII
                      </span>
                    ) : (
                      ""
                    )}
                  </td>
                  <td>{column.doc ?? ""}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        {spec.table.partitionSpec.length > 0 && (
          <p className="small">
            Partitioned by{" "}
            {spec.table.partitionSpec
              .map((field) => `${field.transform}(${field.column})`)
              .join(", ")}
          </p>
        )}
      </section>

      <div className="grid">
        <section aria-labelledby="upstream">
          <h2 id="upstream">Upstream</h2>
          {product.upstream.length === 0 ? (
            <p className="muted">No declared inputs.</p>
          ) : (
            <ul aria-label="Upstream products">
              {product.upstream.map((input) => (
                <li key={input.ref}>
                  {input.registered ? (
                    <Link href={`/products/${input.ref}`}>{input.ref}</Link>
                  ) : (
                    input.ref
                  )}
                  {!input.registered && <span className="muted small"> (not in the catalog)</span>}
                </li>
              ))}
            </ul>
          )}
        </section>
        <section aria-labelledby="downstream">
          <h2 id="downstream">Downstream</h2>
          {product.downstream.length === 0 ? (
            <p className="muted">No product declares this one as input.</p>
          ) : (
            <ul aria-label="Downstream products">
              {product.downstream.map((ref) => (
                <li key={ref}>
                  <Link href={`/products/${ref}`}>{ref}</Link>
                </li>
              ))}
            </ul>
          )}
        </section>
      </div>

      <section aria-labelledby="sla-health">
        <h2 id="sla-health">SLA health</h2>
        <SlaPanel sla={await productSla(db(), domain, name)} />
      </section>

      <section aria-labelledby="lineage">
        <h2 id="lineage">Lineage</h2>
        <ProductLineagePanel domain={domain} name={name} />
      </section>

      <section aria-labelledby="deployments">
        <h2 id="deployments">Deployment history</h2>
        {product.registrations.length === 0 ? (
          <p className="muted">No deployment has registered this product yet.</p>
        ) : (
          <div className="table-wrap">
            <table aria-label="Catalog registrations">
              <caption className="visually-hidden">Registrations by deployed stacks</caption>
              <thead>
                <tr>
                  <th scope="col">When</th>
                  <th scope="col">Event</th>
                  <th scope="col">Environment</th>
                  <th scope="col">Stack</th>
                </tr>
              </thead>
              <tbody>
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
              </tbody>
            </table>
          </div>
        )}
        {product.deployments.length > 0 && (
          <div className="table-wrap">
            <table aria-label="Pulumi operations">
              <thead>
                <tr>
                  <th scope="col">Started</th>
                  <th scope="col">Operation</th>
                  <th scope="col">Status</th>
                  <th scope="col">Stack</th>
                </tr>
              </thead>
              <tbody>
                {product.deployments.map((deployment) => (
                  <tr key={deployment.id}>
                    <td>
                      {admin ? (
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
              </tbody>
            </table>
          </div>
        )}
      </section>

      <section aria-labelledby="contract">
        <h2 id="contract">Contract</h2>
        <details>
          <summary>Full spec (YAML)</summary>
          <pre>{draftToYaml(spec)}</pre>
        </details>
      </section>
    </>
  );
}
