import type { Metadata } from "next";
import { orNotFound } from "#portal/app/or-not-found";
import { db } from "#portal/server/db";
import { lineageJob, lineageRuns } from "#portal/server/lineage/details";
import { requireUser } from "#portal/server/page-session";
import { PageHeader } from "#portal/ui/PageHeader";
import { PaginationNav } from "#portal/ui/PaginationNav";
import { Section } from "#portal/ui/Section";
import {
  JobDatasets,
  JobFacetsPanel,
  RunHistory,
  RunStateBadge,
} from "#portal/ui/lineage/JobDetail";
// eslint-disable-next-line no-restricted-imports -- .ts modules: #portal/ui/* names .tsx files
import { fromPageSegment, jobHref } from "../../../../../ui/lineage/lineage-detail";
// eslint-disable-next-line no-restricted-imports -- a .ts module: #portal/ui/* names .tsx files
import { pageHref, pageParam, type SearchParams } from "../../../../../ui/search-params";

export const metadata: Metadata = { title: "Job" };
export const dynamic = "force-dynamic";

const RUNS_PER_PAGE = 20;

/** An OpenLineage job: its facets, the datasets it reads and writes, and its run history. */
export default async function JobPage({
  params,
  searchParams,
}: {
  params: Promise<{ namespace: string; name: string }>;
  searchParams: Promise<SearchParams>;
}) {
  await requireUser();
  const segments = await params;
  const [namespace, name] = [fromPageSegment(segments.namespace), fromPageSegment(segments.name)];
  const page = pageParam((await searchParams).page);
  const job = await orNotFound(lineageJob(db(), namespace, name));
  const runs = await lineageRuns(db(), namespace, name, { page, pageSize: RUNS_PER_PAGE });
  return (
    <>
      <PageHeader
        title={name}
        lead={
          <>
            Job in {namespace}
            {job.latestRun && (
              <>
                {" "}
                · last run <RunStateBadge state={job.latestRun.state} />
              </>
            )}
          </>
        }
      />
      <JobFacetsPanel job={job} />
      <JobDatasets job={job} />
      <Section id="runs" title="Run history">
        <RunHistory runs={runs.items} />
        <PaginationNav
          {...runs.pagination}
          href={pageHref(jobHref(job), {})}
          label="Pages of runs"
        />
      </Section>
    </>
  );
}
