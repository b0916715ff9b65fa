/**
 * A dataset's page body: its product, schema, documentation, owners, symlinks and data source as
 * its facets state them, and the jobs that write and read it. Server-rendered.
 */
import Link from "next/link";
import type { LineageDataset } from "../../shared/lineage/api-schemas";
import { Timestamp } from "../RelativeTime";
import { Section } from "../Section";
import { Table } from "../Table";
import { datasetLabel, jobHref, ownersText } from "./lineage-detail";
import { Fact, NodeRefList } from "./DetailParts";

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
        <Fact term="Documentation">{documentation}</Fact>
        <Fact term="Owners">{owners.length > 0 ? ownersText(owners) : null}</Fact>
        <Fact term="Data source">
          {dataSource && [dataSource.name, dataSource.uri].filter(Boolean).join(" · ")}
        </Fact>
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

export function DatasetJobs({ dataset }: { dataset: LineageDataset }) {
  return (
    <Section id="dataset-jobs" title="Jobs">
      <h3>Written by</h3>
      <NodeRefList label="Jobs that write the dataset" refs={dataset.producers} href={jobHref} />
      <h3>Read by</h3>
      <NodeRefList label="Jobs that read the dataset" refs={dataset.consumers} href={jobHref} />
    </Section>
  );
}
