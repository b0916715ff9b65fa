/** Every client-side query of the portal, defined once with `queryOptions`. */
import { queryOptions } from "@tanstack/react-query";
import type {
  CatalogQuery,
  CatalogResult,
  DomainDetail,
  RequestDetail,
  RequestList,
} from "../shared/api-schemas";
import { apiFetch, queryString } from "./api-client";

export type CatalogSearch = Partial<Omit<CatalogQuery, "page" | "pageSize">> & {
  page?: number;
  pageSize?: number;
};

export const queries = {
  catalog: (search: CatalogSearch) =>
    queryOptions({
      queryKey: ["catalog", search],
      queryFn: () => apiFetch<CatalogResult>(`/api/v1/catalog${queryString(search)}`),
      placeholderData: (previous) => previous,
    }),
  request: (id: string) =>
    queryOptions({
      queryKey: ["requests", id],
      queryFn: () => apiFetch<RequestDetail>(`/api/v1/requests/${encodeURIComponent(id)}`),
    }),
  requests: (filters: { status?: string; domain?: string; page?: number }) =>
    queryOptions({
      queryKey: ["requests", "list", filters],
      queryFn: () => apiFetch<RequestList>(`/api/v1/requests${queryString(filters)}`),
    }),
  domain: (slug: string) =>
    queryOptions({
      queryKey: ["domains", slug],
      queryFn: () => apiFetch<DomainDetail>(`/api/v1/domains/${encodeURIComponent(slug)}`),
    }),
};
