import type { Metadata } from "next";
import { orNotFound } from "#portal/app/or-not-found";
import { productScope } from "#portal/server/authz";
import { db } from "#portal/server/db";
import { lineageDataset } from "#portal/server/lineage/details";
import { requireUser } from "#portal/server/page-session";
import { PageHeader } from "#portal/ui/PageHeader";
import { Section } from "#portal/ui/Section";
import { ColumnLineagePanel } from "#portal/ui/lineage/ColumnLineagePanel";
import { DatasetFacetsPanel, DatasetJobs } from "#portal/ui/lineage/DatasetDetail";
// eslint-disable-next-line no-restricted-imports -- a .ts module: #portal/ui/* names .tsx files
import { fromPageSegment } from "../../../../../ui/lineage/lineage-detail";

export const metadata: Metadata = { title: "Dataset" };
export const dynamic = "force-dynamic";

/** An OpenLineage dataset: its facets, the jobs that write and read it, its column lineage. */
export default async function DatasetPage({
  params,
}: {
  params: Promise<{ namespace: string; name: string }>;
}) {
  const user = await requireUser();
  const segments = await params;
  const [namespace, name] = [fromPageSegment(segments.namespace), fromPageSegment(segments.name)];
  const dataset = await orNotFound(lineageDataset(db(), productScope(user), namespace, name));
  return (
    <>
      <PageHeader title={name} lead={<>Dataset in {namespace}</>} />
      <DatasetFacetsPanel dataset={dataset} />
      <DatasetJobs dataset={dataset} />
      <Section id="column-lineage" title="Column lineage">
        <ColumnLineagePanel datasets={[{ namespace, name }]} />
      </Section>
    </>
  );
}
