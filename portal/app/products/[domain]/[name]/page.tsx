import type { Metadata } from "next";
import { db } from "../../../../server/db";
import { requireUser } from "../../../../server/page-session";
import { getProductOrThrow } from "../../../../server/products";
import { canCreateRequest, canRunDeployments, productScope } from "../../../../server/authz";
import { productSla } from "../../../../server/lineage/service";
import { consumedProductOrThrow, consumersFor } from "../../../../server/consumers";
import { ConsumersPanel } from "../../../../ui/product/ConsumersPanel";
import { PageHeader } from "../../../../ui/PageHeader";
import { DeploymentHistory } from "../../../../ui/product/DeploymentHistory";
import { ProductActions } from "../../../../ui/product/ProductActions";
import { ProductFacts } from "../../../../ui/product/ProductFacts";
import { ProductNeighbours } from "../../../../ui/product/ProductNeighbours";
import { ProductSchema } from "../../../../ui/product/ProductSchema";
import { Section } from "../../../../ui/Section";
import { SpecDetails } from "../../../../ui/SpecDetails";
import { Badge, DeprecatedBadge, StatusBadge } from "../../../../ui/StatusBadge";
import { ProductLineagePanel } from "../../../../ui/lineage/ProductLineagePanel";
import { SlaPanel } from "../../../../ui/lineage/SlaPanel";
import { orNotFound } from "../../../or-not-found";

export const metadata: Metadata = { title: "Data product" };
export const dynamic = "force-dynamic";

/** A data product: what it is and promises, its lineage and SLA health, and its stack's history. */
export default async function ProductPage({
  params,
}: {
  params: Promise<{ domain: string; name: string }>;
}) {
  const { domain, name } = await params;
  const user = await requireUser();
  const product = await orNotFound(getProductOrThrow(db(), user, domain, name));
  const sla = await productSla(db(), productScope(user), domain, name);
  const consumers = await consumersFor(
    db(),
    user,
    await consumedProductOrThrow(db(), user, domain, name),
  );
  // Deployment pages are the platform team's (anyone else gets a 404 there).
  const admin = canRunDeployments(user);
  return (
    <>
      <PageHeader
        title={product.displayName}
        lead={
          <>
            {domain}/{name} · <StatusBadge status={product.status} />{" "}
            {product.deprecated && <DeprecatedBadge sunsetAt={product.sunsetAt} />} ·{" "}
            <Badge>{product.tier}</Badge> · {product.classification}
          </>
        }
      />
      <p>{product.spec.description}</p>
      <ProductActions
        product={product}
        runsDeployments={admin}
        mayRequestChanges={canCreateRequest(user, domain)}
      />
      <ProductFacts product={product} />
      <ProductSchema table={product.spec.table} />
      <ProductNeighbours upstream={product.upstream} downstream={product.downstream} />
      <Section id="consumers" title="Consumers">
        <ConsumersPanel consumers={consumers} />
      </Section>
      <Section id="sla-health" title="SLA health">
        <SlaPanel sla={sla} />
      </Section>
      <Section id="lineage" title="Lineage">
        <ProductLineagePanel domain={domain} name={name} />
      </Section>
      <DeploymentHistory product={product} linkDeployments={admin} />
      <Section id="contract" title="Contract">
        <SpecDetails spec={product.spec} summary="Full spec (YAML)" />
      </Section>
    </>
  );
}
