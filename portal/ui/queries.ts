/** Every client-side query of the portal, defined once with `queryOptions`. */
import { queryOptions, type QueryClient } from "@tanstack/react-query";
import type { CatalogQuery, CatalogResult, DomainDetail } from "../shared/api-schemas";
import type {
  DeploymentDetail,
  DeploymentEventItem,
  WorkerStatus,
} from "../shared/deployment-schemas";
import type { NotificationList } from "../shared/notification-schemas";
import { apiFetch, queryString } from "./api-client";

/** The most events the API returns at once. */
const EVENTS_PAGE = 500;

export type CatalogSearch = Partial<Omit<CatalogQuery, "page" | "pageSize">> & {
  page?: number;
  pageSize?: number;
};

export const queries = {
  /** The bell's count: one unread item is enough to read the total. */
  unreadNotifications: () =>
    queryOptions({
      queryKey: ["notifications", "unread"],
      queryFn: async () =>
        (await apiFetch<NotificationList>("/api/v1/me/notifications?unread=true&pageSize=1"))
          .unread,
      refetchInterval: 60_000,
    }),
  catalog: (search: CatalogSearch) =>
    queryOptions({
      queryKey: ["catalog", search],
      queryFn: () => apiFetch<CatalogResult>(`/api/v1/catalog${queryString(search)}`),
      placeholderData: (previous) => previous,
    }),
  domain: (slug: string) =>
    queryOptions({
      queryKey: ["domains", slug],
      queryFn: () => apiFetch<DomainDetail>(`/api/v1/domains/${encodeURIComponent(slug)}`),
    }),
  workerStatus: () =>
    queryOptions({
      queryKey: ["worker"],
      queryFn: () => apiFetch<WorkerStatus>("/api/v1/worker"),
    }),
  deployment: (id: string) =>
    queryOptions({
      queryKey: ["deployments", id],
      queryFn: () => apiFetch<DeploymentDetail>(`/api/v1/deployments/${encodeURIComponent(id)}`),
    }),
  /**
   * The log grows: each fetch asks only for the lines after the last one in the cache, page after
   * page until a page is not full (a finished deployment's log is fetched once, whole).
   */
  deploymentEvents: (id: string, client: QueryClient) => {
    const queryKey = ["deployments", id, "events"];
    return queryOptions({
      queryKey,
      queryFn: async () => {
        let items = client.getQueryData<DeploymentEventItem[]>(queryKey) ?? [];
        for (;;) {
          const page = await apiFetch<{ items: DeploymentEventItem[]; next: number }>(
            `/api/v1/deployments/${encodeURIComponent(id)}/events${queryString({
              after: items.at(-1)?.sequence ?? 0,
              limit: EVENTS_PAGE,
            })}`,
          );
          items = [...items, ...page.items];
          if (page.items.length < EVENTS_PAGE) return items;
        }
      },
    });
  },
};
