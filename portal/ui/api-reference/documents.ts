/**
 * The OpenAPI documents the API reference page renders (issue #20 item 12), and which one a
 * `?spec=` value names. Plain data, no zod: the page's client component imports it.
 */
export const API_DOCUMENTS = [
  {
    id: "portal",
    label: "Portal API",
    url: "/api/v1/openapi.json",
    lead: "The REST API of the portal: requests, products, catalog, lineage, access.",
  },
  {
    id: "iceberg",
    label: "Iceberg REST catalog",
    url: "/api/iceberg/v1/openapi.json",
    lead: "The Iceberg REST catalog that pyiceberg, Spark, Trino and DuckDB read products' tables from.",
  },
] as const;

export type ApiDocument = (typeof API_DOCUMENTS)[number];

/** The document a `?spec=` value names; none (or an unknown one) is the portal's own API. */
export function apiDocumentFor(spec: string | string[] | undefined): ApiDocument | undefined {
  if (spec === undefined) return API_DOCUMENTS[0];
  return API_DOCUMENTS.find((document) => document.id === spec);
}
