/**
 * A dataset's page body: its product, schema, documentation, owners, symlinks and data source as
 * its facets state them, and the jobs that write and read it. Server-rendered.
 */
import Link from "next/link";
import type { LineageDataset } from "../../shared/lineage/api-schemas";
import { Timestamp } from "../RelativeTime";
import { Section } from "../Section";
import { Table } from "../Table";
import { datasetLabel, jobHref } from "./lineage-detail";

export function DatasetFacetsPanel({ dataset }: { dataset: LineageDataset }) {
  const { schema, documentation, owners, symlinks, dataSource } = dataset.facets;
  return (
    <Section id="dataset-facets" title="About this dataset">
      <dl>
        <dt>Product</dt>
        <dd>
          {dataset.product ? (
            <Link href={`/products/${dataset.product}`}>{dataset.product}</Link>
          ) : (
            "not linked to a product"
          )}
        </dd>
        <dt>Last written</dt>
        <dd>
          {dataset.lastWrite ? <Timestamp at={dataset.lastWrite} /> : "never (no COMPLETE run)"}
        </dd>
        {documentation && (
          <>
            <dt>Documentation</dt>
            <dd>{documentation}</dd>
          </>
        )}
        {owners.length > 0 && (
          <>
            <dt>Owners</dt>
            <dd>{owners.map((o) => (o.type ? `${o.name} (${o.type})` : o.name)).join(", ")}</dd>
          </>
        )}
        {dataSource && (
          <>
            <dt>Data source</dt>
            <dd>{[dataSource.name, dataSource.uri].filter(Boolean).join(" · ")}</dd>
          </>
        )}
      </dl>
      {symlinks.length > 0 && (
        <>
          <h3>Also known as</h3>
          <ul aria-label="Symlinks">
            {symlinks.map((link) => (
              <li key={`${link.type}:${datasetLabel(link)}`}>
                {datasetLabel(link)} <span className="small">({link.type})</span>
              </li>
            ))}
          </ul>
        </>
      )}
      <h3>Schema</h3>
      {schema.length === 0 ? (
        <p className="small">No schema facet reported.</p>
      ) : (
        <Table label="Schema" columns={["Field", "Type", "Description"]}>
          {schema.map((field) => (
            <tr key={field.name}>
              <td>
                <code>{field.name}</code>
              </td>
              <td>{field.type ?? "—"}</td>
              <td>{field.description ?? ""}</td>
            </tr>
          ))}
        </Table>
      )}
    </Section>
  );
}

function JobList({ label, jobs }: { label: string; jobs: LineageDataset["producers"] }) {
  if (jobs.length === 0) return <p className="small">None reported.</p>;
  return (
    <ul aria-label={label}>
      {jobs.map((job) => (
        <li key={datasetLabel(job)}>
          <Link href={jobHref(job)}>{datasetLabel(job)}</Link>
        </li>
      ))}
    </ul>
  );
}

export function DatasetJobs({ dataset }: { dataset: LineageDataset }) {
  return (
    <Section id="dataset-jobs" title="Jobs">
      <h3>Written by</h3>
      <JobList label="Jobs that write the dataset" jobs={dataset.producers} />
      <h3>Read by</h3>
      <JobList label="Jobs that read the dataset" jobs={dataset.consumers} />
    </Section>
  );
}
