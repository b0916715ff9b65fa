/** The lineage and SLA queries of the portal's pages, defined once with `queryOptions`. */
import { queryOptions } from "@tanstack/react-query";
import type {
  ApiKey,
  ColumnLineageResult,
  LineageDataset,
  LineageDirection,
  LineageGraph,
  LineageProductList,
  LineageView,
  ProductLineage,
  Webhook,
} from "../../shared/lineage/api-schemas";
import { apiFetch, queryString } from "../api-client";

export interface GraphStart {
  node: "product" | "dataset" | "job";
  domain?: string;
  namespace?: string;
  name: string;
  depth: number;
  direction: LineageDirection;
  view: LineageView;
}

/** How many products the lineage page's picker suggests at a time. */
export const PICKER_MATCHES = 20;

export const lineageQueries = {
  product: (domain: string, name: string) =>
    queryOptions({
      queryKey: ["lineage", "product", domain, name],
      queryFn: () =>
        apiFetch<ProductLineage>(
          `/api/v1/products/${encodeURIComponent(domain)}/${encodeURIComponent(name)}/lineage`,
        ),
    }),
  products: (q: string) =>
    queryOptions({
      queryKey: ["lineage", "products", q],
      queryFn: () =>
        apiFetch<LineageProductList>(
          `/api/v1/lineage/products${queryString({ q, limit: PICKER_MATCHES })}`,
        ),
      staleTime: 60_000,
    }),
  graph: (start: GraphStart) =>
    queryOptions({
      queryKey: ["lineage", "graph", start],
      queryFn: () => apiFetch<LineageGraph>(`/api/v1/lineage/graph${queryString({ ...start })}`),
    }),
  dataset: (namespace: string, name: string) =>
    queryOptions({
      queryKey: ["lineage", "dataset", namespace, name],
      queryFn: () =>
        apiFetch<LineageDataset>(
          `/api/v1/lineage/datasets/${encodeURIComponent(namespace)}/${encodeURIComponent(name)}`,
        ),
    }),
  columns: (
    dataset: { namespace: string; name: string },
    field: string,
    direction: "upstream" | "downstream",
  ) =>
    queryOptions({
      queryKey: ["lineage", "columns", dataset.namespace, dataset.name, field, direction],
      queryFn: () =>
        apiFetch<ColumnLineageResult>(
          `/api/v1/lineage/columns${queryString({ ...dataset, field, direction, depth: 3 })}`,
        ),
    }),
  apiKeys: (domain: string) =>
    queryOptions({
      queryKey: ["domains", domain, "api-keys"],
      queryFn: () =>
        apiFetch<{ items: ApiKey[] }>(`/api/v1/domains/${encodeURIComponent(domain)}/api-keys`),
    }),
  webhooks: (domain: string) =>
    queryOptions({
      queryKey: ["domains", domain, "webhooks"],
      queryFn: () =>
        apiFetch<{ items: Webhook[] }>(`/api/v1/domains/${encodeURIComponent(domain)}/webhooks`),
    }),
};
