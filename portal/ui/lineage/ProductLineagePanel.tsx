"use client";
/** A product's lineage: declared vs observed inputs, and the graph around its datasets. */
import Link from "next/link";
import { useQuery } from "@tanstack/react-query";
import { EmptyState, ErrorState, LoadingState } from "../States";
import { LineageGraphLazy } from "./LineageGraphLazy";
import { ManualLinkForm } from "./ManualLinkForm";
import { lineageQueries } from "./queries";

function RefList({ refs, label }: { refs: string[]; label: string }) {
  if (refs.length === 0) return null;
  return (
    <li>
      {label}:{" "}
      {refs.map((ref, index) => (
        <span key={ref}>
          {index > 0 && ", "}
          <Link href={`/products/${ref}`}>{ref}</Link>
        </span>
      ))}
    </li>
  );
}

export function ProductLineagePanel({ domain, name }: { domain: string; name: string }) {
  const query = useQuery(lineageQueries.product(domain, name));
  if (query.isPending) return <LoadingState label="Loading lineage…" />;
  if (query.isError)
    return <ErrorState title="Lineage could not be loaded" detail={query.error.message} />;
  const { inputs, nodes } = query.data;
  const differences = inputs.declaredOnly.length + inputs.observedOnly.length;
  return (
    <>
      <ul aria-label="Declared and observed inputs">
        <RefList refs={inputs.confirmed} label="Declared and observed" />
        <RefList refs={inputs.declaredOnly} label="⚠ Declared but never observed" />
        <RefList refs={inputs.observedOnly} label="⚠ Observed but not declared" />
      </ul>
      {differences > 0 && (
        <p className="small" role="note">
          {differences} difference{differences === 1 ? "" : "s"} between the contract&apos;s inputs
          and the OpenLineage events.
        </p>
      )}
      <ManualLinkForm product={`${domain}/${name}`} />
      {nodes.length === 0 ? (
        <EmptyState title="No lineage observed yet">
          <p className="small">
            Point your pipelines&apos; OpenLineage client at this portal (see docs/lineage.md); the
            datasets they write under this product&apos;s storage or catalog table appear here.
          </p>
        </EmptyState>
      ) : (
        <LineageGraphLazy
          graph={query.data}
          start={query.data.start}
          label={`Lineage of ${domain}/${name}`}
        />
      )}
    </>
  );
}
