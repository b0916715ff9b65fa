import type { Metadata } from "next";
import { db } from "#portal/server/db";
import { requireUser } from "#portal/server/page-session";
import { getProductOrThrow } from "#portal/server/products";
import { canCreateRequest, canRunDeployments, productScope } from "#portal/server/authz";
import { productSla } from "#portal/server/lineage/service";
import { consumedProductOrThrow, consumersFor } from "#portal/server/consumers";
import { accessProductOrThrow, productAccess } from "#portal/server/access";
import { AccessPanel } from "#portal/ui/product/AccessPanel";
import { ConsumersPanel } from "#portal/ui/product/ConsumersPanel";
import { PageHeader } from "#portal/ui/PageHeader";
import { DeploymentHistory } from "#portal/ui/product/DeploymentHistory";
import { ProductActions } from "#portal/ui/product/ProductActions";
import { ProductFacts } from "#portal/ui/product/ProductFacts";
import { ProductNeighbours } from "#portal/ui/product/ProductNeighbours";
import { ProductSchema } from "#portal/ui/product/ProductSchema";
import { TableSchemaBanner } from "#portal/ui/product/TableSchemaBanner";
import { Section } from "#portal/ui/Section";
import { SpecDetails } from "#portal/ui/SpecDetails";
import { Badge, DeprecatedBadge, StatusBadge } from "#portal/ui/StatusBadge";
import { ProductLineagePanel } from "#portal/ui/lineage/ProductLineagePanel";
import { ProductColumnLineage } from "#portal/ui/lineage/ColumnLineagePanel";
import { SlaPanel } from "#portal/ui/lineage/SlaPanel";
import { orNotFound } from "#portal/app/or-not-found";
import { SemanticVersion } from "#contract";
import type { Db } from "#db/client";
import type { UserPrincipal } from "#portal/server/authz";
import { ApiError } from "#portal/server/problems";
import {
  compareVersions,
  getVersion,
  listVersions,
  readableProductOrThrow,
} from "#portal/server/versions";
import { ProductVersions, type VersionsView } from "#portal/ui/product/ProductVersions";
// eslint-disable-next-line no-restricted-imports -- a .ts module: #portal/ui/* names .tsx files
import type { SearchParams } from "../../../../ui/search-params";

/** `?compare=a..b` (or the form's `?from=a&to=b`): the two versions to show side by side. */
function comparedVersions(params: SearchParams): [string, string] | undefined {
  const one = (value: string | string[] | undefined) =>
    typeof value === "string" ? value : undefined;
  const [from, to] = one(params.compare)?.split("..") ?? [one(params.from), one(params.to)];
  const valid = (v: string | undefined): v is string => SemanticVersion.safeParse(v).success;
  return valid(from) && valid(to) ? [from, to] : undefined;
}

async function versionsView(
  client: Db,
  user: UserPrincipal,
  domain: string,
  name: string,
  params: SearchParams,
): Promise<VersionsView> {
  const product = await readableProductOrThrow(client, user, domain, name);
  const list = await listVersions(client, product);
  const pair = comparedVersions(params);
  if (pair === undefined) return { list };
  try {
    const [comparison, from, to] = await Promise.all([
      compareVersions(client, product, pair[0], pair[1]),
      getVersion(client, product, pair[0]),
      getVersion(client, product, pair[1]),
    ]);
    return { list, compared: { comparison, from, to } };
  } catch (error) {
    if (error instanceof ApiError) return { list, problem: error.message };
    throw error;
  }
}

export const metadata: Metadata = { title: "Data product" };
export const dynamic = "force-dynamic";

/** A data product: what it is and promises, its lineage and SLA health, and its stack's history. */
export default async function ProductPage({
  params,
  searchParams,
}: {
  params: Promise<{ domain: string; name: string }>;
  searchParams: Promise<SearchParams>;
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
  const accessProduct = await accessProductOrThrow(db(), user, domain, name);
  const access = await productAccess(db(), user, accessProduct);
  // Deployment pages are the platform team's (anyone else gets a 404 there).
  const admin = canRunDeployments(user);
  const versions = await versionsView(db(), user, domain, name, await searchParams);
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
      <TableSchemaBanner schema={product.tableSchema} runsDeployments={admin} />
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
      <Section id="access" title="Access">
        <AccessPanel
          product={{
            domain,
            name,
            cloud: accessProduct.cloud,
            classification: accessProduct.classification,
          }}
          view={access}
          linkDeployments={admin}
        />
      </Section>
      <Section id="sla-health" title="SLA health">
        <SlaPanel sla={sla} />
      </Section>
      <Section id="lineage" title="Lineage">
        <ProductLineagePanel domain={domain} name={name} />
      </Section>
      <Section id="column-lineage" title="Column lineage">
        <ProductColumnLineage domain={domain} name={name} />
      </Section>
      <ProductVersions domain={domain} name={name} view={versions} />
      <DeploymentHistory product={product} linkDeployments={admin} />
      <Section id="contract" title="Contract">
        <SpecDetails spec={product.spec} summary="Full spec (YAML)" />
      </Section>
    </>
  );
}
