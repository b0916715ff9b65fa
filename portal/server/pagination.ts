import "server-only";
/** A page of a list, with the total it is from: what every paginated endpoint and page answers. */
import type { z } from "zod";
import type { Pagination } from "../shared/api-schemas";

export interface PageRequest {
  page: number;
  pageSize: number;
}

export interface Page<T> {
  items: T[];
  pagination: z.infer<typeof Pagination>;
}

/** `rows` reads the page's window (skip/take for Prisma), `count` the whole list's size. */
export async function pageOf<T>(
  request: PageRequest,
  rows: (window: { skip: number; take: number }) => Promise<T[]>,
  count: () => Promise<number>,
): Promise<Page<T>> {
  const window = { skip: (request.page - 1) * request.pageSize, take: request.pageSize };
  const [items, total] = await Promise.all([rows(window), count()]);
  return { items, pagination: { page: request.page, pageSize: request.pageSize, total } };
}
