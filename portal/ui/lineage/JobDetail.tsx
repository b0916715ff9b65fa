/**
 * A job's page body: what its facets say (job type, SQL, source code location, documentation,
 * owners), the datasets it reads and writes, and its run history with each run's error message,
 * parent run and nominal time. Server-rendered: no client JavaScript.
 */
import Link from "next/link";
import type { LineageJob, LineageRun } from "../../shared/lineage/api-schemas";
import { Timestamp } from "../RelativeTime";
import { Section } from "../Section";
import { EmptyState } from "../States";
import { Badge, type Tone } from "../StatusBadge";
import { Table } from "../Table";
import {
  datasetHref,
  datasetLabel,
  formatDuration,
  isWebUrl,
  jobHref,
  ownersText,
} from "./lineage-detail";
import { Fact, NodeRefList } from "./DetailParts";

const STATE_TONES: Readonly<Record<string, Tone | undefined>> = {
  COMPLETE: "ok",
  FAIL: "danger",
  ABORT: "warn",
  START: "info",
  RUNNING: "info",
};

export function RunStateBadge({ state }: { state: string }) {
  return (
    <Badge tone={STATE_TONES[state]} data-state={state}>
      {state}
    </Badge>
  );
}

export function JobFacetsPanel({ job }: { job: LineageJob }) {
  const {
    sql,
    sourceCodeLocation: location,
    sourceCode,
    jobType,
    documentation,
    owners,
  } = job.facets;
  const none =
    !sql && !location && !sourceCode && !jobType && !documentation && owners.length === 0;
  return (
    <Section id="job-facets" title="Job facets">
      {none && (
        <p className="small">The job&apos;s events carried none of the facets shown here.</p>
      )}
      <dl>
        {jobType && (
          <Fact term="Job type">
            {jobType.processingType} · {jobType.integration}
            {jobType.jobType && ` · ${jobType.jobType}`}
          </Fact>
        )}
        <Fact term="Documentation">{documentation}</Fact>
        <Fact term="Owners">{owners.length > 0 ? ownersText(owners) : null}</Fact>
        {location && (
          <Fact term="Source code location">
            {isWebUrl(location.url) ? (
              <a href={location.url} rel="noreferrer noopener">
                {location.url}
              </a>
            ) : (
              <code>{location.url}</code>
            )}{" "}
            ({location.type}
            {location.path && `, ${location.path}`}
            {location.branch && `, branch ${location.branch}`}
            {location.tag && `, tag ${location.tag}`}
            {location.version && `, ${location.version}`})
          </Fact>
        )}
      </dl>
      {sql && (
        <>
          <h3>SQL{sql.dialect && ` (${sql.dialect})`}</h3>
          <pre aria-label="SQL">
            <code>{sql.query}</code>
          </pre>
        </>
      )}
      {sourceCode && (
        <>
          <h3>Source code ({sourceCode.language})</h3>
          <pre aria-label="Source code">
            <code>{sourceCode.sourceCode}</code>
          </pre>
        </>
      )}
    </Section>
  );
}

export function JobDatasets({ job }: { job: LineageJob }) {
  return (
    <Section id="job-datasets" title="Datasets">
      <h3>Reads</h3>
      <NodeRefList label="Datasets the job reads" refs={job.inputs} href={datasetHref} />
      <h3>Writes</h3>
      <NodeRefList label="Datasets the job writes" refs={job.outputs} href={datasetHref} />
    </Section>
  );
}

function RunDetails({ run }: { run: LineageRun }) {
  return (
    <>
      {run.errorMessage && (
        <div role="note" aria-label={`Error of run ${run.runId}`}>
          <strong>Error</strong>
          {run.errorMessage.programmingLanguage &&
            ` (${run.errorMessage.programmingLanguage})`}: {run.errorMessage.message}
          {run.errorMessage.stackTrace && (
            <details>
              <summary>Stack trace</summary>
              <pre>{run.errorMessage.stackTrace}</pre>
            </details>
          )}
        </div>
      )}
      {run.parent && (
        <div className="small">
          Parent run {run.parent.runId} of{" "}
          <Link href={jobHref(run.parent.job)}>{datasetLabel(run.parent.job)}</Link>
        </div>
      )}
      {run.nominalTime && (
        <div className="small">
          Scheduled for <Timestamp at={run.nominalTime.start} />
          {run.nominalTime.end && (
            <>
              {" "}
              to <Timestamp at={run.nominalTime.end} />
            </>
          )}
        </div>
      )}
    </>
  );
}

/** One row per run, newest first; its details (error, parent, nominal time) under its id. */
export function RunHistory({ runs }: { runs: readonly LineageRun[] }) {
  if (runs.length === 0) return <EmptyState title="No runs reported yet" />;
  return (
    <Table label="Runs" columns={["Run", "State", "Started", "Ended", "Duration"]}>
      {runs.map((run) => (
        <tr key={run.runId}>
          <td>
            <code>{run.runId}</code>
            <RunDetails run={run} />
          </td>
          <td>
            <RunStateBadge state={run.state} />
          </td>
          <td>{run.startedAt ? <Timestamp at={run.startedAt} /> : "—"}</td>
          <td>{run.endedAt ? <Timestamp at={run.endedAt} /> : "—"}</td>
          <td>{formatDuration(run.durationMs)}</td>
        </tr>
      ))}
    </Table>
  );
}
