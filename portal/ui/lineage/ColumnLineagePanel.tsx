"use client";
/**
 * Column-level lineage on the product and dataset pages: pick a dataset (a product may have
 * several) and one of its columns, and see where the column comes from and where it goes, each
 * step with its transformation (DIRECT/INDIRECT, subtype, description, masking), and the
 * dataset-wide entries of the facet (a JOIN key or FILTER that affects every column).
 */
import Link from "next/link";
import { useId, useState } from "react";
import { useQuery } from "@tanstack/react-query";
import type { ColumnLineageResult } from "../../shared/lineage/api-schemas";
import { EmptyState, ErrorState, LoadingState } from "../States";
import { Table } from "../Table";
import {
  datasetHref,
  datasetLabel,
  datasetWideKinds,
  describeTransformations,
} from "./lineage-detail";
import { lineageQueries } from "./queries";

interface DatasetRef {
  namespace: string;
  name: string;
}

type Direction = "upstream" | "downstream";

function FieldLink({ field }: { field: DatasetRef & { field: string } }) {
  return (
    <Link href={datasetHref(field)}>
      {datasetLabel(field)}.<strong>{field.field}</strong>
    </Link>
  );
}

function DirectionView({
  direction,
  result,
}: {
  direction: Direction;
  result: ColumnLineageResult;
}) {
  const title =
    direction === "upstream" ? "Upstream (where it comes from)" : "Downstream (where it goes)";
  const edges = result.edges;
  const wide = result.datasetWide;
  return (
    <div>
      <h3>{title}</h3>
      {edges.length === 0 ? (
        <p className="small">
          No {direction} columns reported for {result.field.field}.
        </p>
      ) : (
        <Table
          label={`${direction === "upstream" ? "Upstream" : "Downstream"} columns of ${result.field.field}`}
          columns={["Column", "Into", "Transformation", "Steps"]}
        >
          {edges.map((edge) => (
            <tr
              key={`${edge.from.namespace}\u0000${edge.from.name}\u0000${edge.from.field}\u0000${edge.to.namespace}\u0000${edge.to.name}\u0000${edge.to.field}`}
            >
              <td>
                <FieldLink field={edge.from} />
              </td>
              <td>
                <FieldLink field={edge.to} />
              </td>
              <td>{describeTransformations(edge.transformation)}</td>
              <td>{edge.depth}</td>
            </tr>
          ))}
        </Table>
      )}
      {wide.length > 0 && (
        <ul aria-label={`Dataset-wide ${direction} entries of ${result.field.field}`}>
          {wide.map((entry) => (
            <li
              key={`${entry.from.namespace}\u0000${entry.from.name}\u0000${entry.from.field}\u0000${entry.to.namespace}\u0000${entry.to.name}`}
            >
              Affects all columns of{" "}
              <Link href={datasetHref(entry.to)}>{datasetLabel(entry.to)}</Link>:{" "}
              {datasetWideKinds(entry.transformation)} on <FieldLink field={entry.from} />{" "}
              <span className="small">({describeTransformations(entry.transformation)})</span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** The upstream and downstream of one column, as the API answered them. */
export function ColumnLineageView({
  upstream,
  downstream,
}: {
  upstream: ColumnLineageResult;
  downstream: ColumnLineageResult;
}) {
  return (
    <div aria-live="polite">
      <DirectionView direction="upstream" result={upstream} />
      <DirectionView direction="downstream" result={downstream} />
    </div>
  );
}

function SelectedColumn({ dataset, field }: { dataset: DatasetRef; field: string }) {
  const upstream = useQuery(lineageQueries.columns(dataset, field, "upstream"));
  const downstream = useQuery(lineageQueries.columns(dataset, field, "downstream"));
  if (upstream.isError || downstream.isError)
    return (
      <ErrorState
        title="Column lineage could not be loaded"
        detail={(upstream.error ?? downstream.error)?.message ?? ""}
      />
    );
  if (upstream.isPending || downstream.isPending)
    return <LoadingState label={`Loading the lineage of ${field}…`} />;
  return <ColumnLineageView upstream={upstream.data} downstream={downstream.data} />;
}

function DatasetColumns({ dataset }: { dataset: DatasetRef }) {
  const id = useId();
  const detail = useQuery(lineageQueries.dataset(dataset.namespace, dataset.name));
  const [field, setField] = useState("");
  if (detail.isPending) return <LoadingState label="Loading columns…" />;
  if (detail.isError)
    return <ErrorState title="Columns could not be loaded" detail={detail.error.message} />;
  const columns = detail.data.columns;
  if (columns.length === 0)
    return (
      <EmptyState title="No columns reported">
        <p className="small">
          Columns come from the dataset&apos;s schema facet and its column-lineage facets.
        </p>
      </EmptyState>
    );
  return (
    <>
      <p>
        <label htmlFor={`${id}-column`}>Column </label>
        <select
          id={`${id}-column`}
          value={field}
          onChange={(event) => {
            setField(event.target.value);
          }}
        >
          <option value="">Choose a column…</option>
          {columns.map((column) => (
            <option key={column} value={column}>
              {column}
            </option>
          ))}
        </select>
      </p>
      {field !== "" && <SelectedColumn dataset={dataset} field={field} />}
    </>
  );
}

/** Pick a dataset (when there are several) and a column; see its column lineage. */
export function ColumnLineagePanel({
  datasets,
  linkDatasets = false,
}: {
  datasets: readonly DatasetRef[];
  /** Offer a link to the chosen dataset's page (not on that page itself). */
  linkDatasets?: boolean;
}) {
  const id = useId();
  const [index, setIndex] = useState(0);
  const dataset = datasets[index];
  if (dataset === undefined)
    return (
      <EmptyState title="No datasets observed yet">
        <p className="small">Column lineage appears once OpenLineage events name its datasets.</p>
      </EmptyState>
    );
  return (
    <>
      {datasets.length > 1 && (
        <p>
          <label htmlFor={`${id}-dataset`}>Dataset </label>
          <select
            id={`${id}-dataset`}
            value={index}
            onChange={(event) => {
              setIndex(Number(event.target.value));
            }}
          >
            {datasets.map((ref, i) => (
              <option key={datasetLabel(ref)} value={i}>
                {datasetLabel(ref)}
              </option>
            ))}
          </select>
        </p>
      )}
      {linkDatasets && (
        <p className="small">
          <Link href={datasetHref(dataset)}>
            Dataset {datasetLabel(dataset)}: schema, owners and jobs
          </Link>
        </p>
      )}
      <DatasetColumns key={datasetLabel(dataset)} dataset={dataset} />
    </>
  );
}

/** The product page's panel: the product's datasets are those its lineage starts from. */
export function ProductColumnLineage({ domain, name }: { domain: string; name: string }) {
  const query = useQuery(lineageQueries.product(domain, name));
  if (query.isPending) return <LoadingState label="Loading datasets…" />;
  if (query.isError)
    return <ErrorState title="Datasets could not be loaded" detail={query.error.message} />;
  const start = new Set(query.data.start);
  const datasets = query.data.nodes
    .filter((node) => start.has(node.id))
    .map(({ namespace, name: dataset }) => ({ namespace, name: dataset }));
  return <ColumnLineagePanel datasets={datasets} linkDatasets />;
}
