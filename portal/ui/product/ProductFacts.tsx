/** The product at a glance: who owns it, what it promises, and what its deployment reported. */
import Link from "next/link";
import { TIER_POLICIES, resolveDataProduct } from "#contract";
import type { ProductDetail } from "../../shared/api-schemas";
import { Section } from "../Section";

export function ProductFacts({ product }: { product: ProductDetail }) {
  return (
    <div className="grid">
      <OwnersCard product={product} />
      <ServiceLevelsCard spec={product.spec} />
      <OutputsCard product={product} />
    </div>
  );
}

function OwnersCard({ product }: { product: ProductDetail }) {
  const { owners } = product.spec;
  return (
    <Section id="owners" title="Owners" card>
      <dl className="facts">
        <dt>Team</dt>
        <dd>{owners.team}</dd>
        <dt>Contacts</dt>
        <dd>{owners.emails.join(", ")}</dd>
        <dt>Domain</dt>
        <dd>
          <Link href={`/domains/${product.domain}`}>{product.domain}</Link>
        </dd>
      </dl>
    </Section>
  );
}

function ServiceLevelsCard({ spec }: { spec: ProductDetail["spec"] }) {
  return (
    <Section id="sla" title="Service levels" card>
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
        <dd>{resolveDataProduct(spec).retentionDays} days</dd>
        <dt>Tier</dt>
        <dd>{TIER_POLICIES[spec.tier].summary}</dd>
      </dl>
    </Section>
  );
}

function OutputsCard({ product }: { product: ProductDetail }) {
  const { outputs } = product;
  return (
    <Section id="outputs" title="Outputs" card>
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
    </Section>
  );
}
