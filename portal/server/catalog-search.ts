import "server-only";
/**
 * Catalog search: PostgreSQL full text over a weighted tsvector (name, tags and columns, then
 * description) kept on each product row and GIN-indexed, so a query over 10,000 products touches
 * only the matching rows. Facet counts are disjunctive: each facet is counted with every filter
 * except its own, so the UI can show what picking another value would give.
 */
import type { CatalogQuery, CatalogResult, Facet, ProductSummary } from "../shared/api-schemas";
import { FACETS } from "../shared/api-schemas";
import type { Db } from "#db/client";
import { readableByClause } from "./catalog-access";
import { toProductSummary, type ProductRow } from "./products";
import { searchWords } from "./search-text";
import { SqlBuilder, PRODUCT_TABLE } from "./sql";

const FACET_COLUMNS: Readonly<Record<Facet, string>> = {
  domain: '"domain"',
  tier: '"tier"',
  cloud: '"cloud"',
  classification: '"classification"',
  owner: '"owner_team"',
};

interface FacetCount {
  value: string;
  count: number;
}

/** A catalog query with the caller's domains, which `access: "mine"` filters by. */
export type CatalogSearchQuery = CatalogQuery & { readers?: readonly string[] };

/**
 * Each word becomes a prefix term (`cust:*`), all of them required: search-as-you-type finds
 * "customer-events" from "cust ev". Words hold only letters and digits, so the tsquery syntax
 * cannot be injected.
 */
export function prefixQuery(text: string | undefined): string | undefined {
  const words = searchWords(text ?? "").slice(0, 12);
  return words.length === 0 ? undefined : words.map((word) => `${word}:*`).join(" & ");
}

/** Snake-case columns (prisma/schema.prisma maps them) as the ProductRow fields. */
const SUMMARY_COLUMNS = `"domain", "name", "display_name" AS "displayName", "description", "tier"::text,
  "classification"::text, "cloud"::text, "region", "owner_team" AS "ownerTeam", "status"::text, "tags",
  "updated_at" AS "updatedAt", "sunset_at" AS "sunsetAt"`;

function conditions(
  sql: SqlBuilder,
  query: CatalogSearchQuery,
  tsquery: string | undefined,
  except?: Facet | "access",
): string {
  const clauses = [`"status" = 'live'`];
  if (tsquery !== undefined)
    clauses.push(`"search" @@ to_tsquery('simple', ${sql.param(tsquery)})`);
  for (const facet of FACETS) {
    const value = query[facet];
    if (facet !== except && value !== undefined)
      clauses.push(`${FACET_COLUMNS[facet]}::text = ${sql.param(value)}`);
  }
  if (query.access === "mine" && except !== "access")
    clauses.push(readableByClause(sql, query.readers ?? []));
  return clauses.join(" AND ");
}

function orderBy(sql: SqlBuilder, query: CatalogQuery, tsquery: string | undefined): string {
  if (query.sort === "updated") return `"updated_at" DESC, "domain", "name"`;
  if (query.sort === "name" || tsquery === undefined) return `"domain", "name"`;
  return `ts_rank("search", to_tsquery('simple', ${sql.param(tsquery)})) DESC, "domain", "name"`;
}

export async function searchCatalog(client: Db, query: CatalogSearchQuery): Promise<CatalogResult> {
  const tsquery = prefixQuery(query.q);
  const [items, total, facets] = await Promise.all([
    pageOfProducts(client, query, tsquery),
    countProducts(client, query, tsquery),
    facetCounts(client, query, tsquery),
  ]);
  return { items, pagination: { page: query.page, pageSize: query.pageSize, total }, facets };
}

async function pageOfProducts(
  client: Db,
  query: CatalogSearchQuery,
  tsquery: string | undefined,
): Promise<ProductSummary[]> {
  const sql = new SqlBuilder();
  const where = conditions(sql, query, tsquery);
  const order = orderBy(sql, query, tsquery);
  const text = `SELECT ${SUMMARY_COLUMNS} FROM ${PRODUCT_TABLE} WHERE ${where} ORDER BY ${order}
    LIMIT ${sql.param(query.pageSize)} OFFSET ${sql.param((query.page - 1) * query.pageSize)}`;
  const rows = await client.$queryRawUnsafe<ProductRow[]>(text, ...sql.values);
  return rows.map(toProductSummary);
}

async function countProducts(
  client: Db,
  query: CatalogSearchQuery,
  tsquery: string | undefined,
): Promise<number> {
  const sql = new SqlBuilder();
  const text = `SELECT count(*)::int AS "count" FROM ${PRODUCT_TABLE} WHERE ${conditions(sql, query, tsquery)}`;
  const [row] = await client.$queryRawUnsafe<{ count: number }[]>(text, ...sql.values);
  return row?.count ?? 0;
}

async function facetCounts(
  client: Db,
  query: CatalogSearchQuery,
  tsquery: string | undefined,
): Promise<CatalogResult["facets"]> {
  const counted = await Promise.all(
    FACETS.map(async (facet) => {
      const sql = new SqlBuilder();
      const column = FACET_COLUMNS[facet];
      const text = `SELECT ${column}::text AS "value", count(*)::int AS "count" FROM ${PRODUCT_TABLE}
        WHERE ${conditions(sql, query, tsquery, facet)} GROUP BY 1 ORDER BY 2 DESC, 1`;
      const rows = await client.$queryRawUnsafe<FacetCount[]>(text, ...sql.values);
      return [facet, rows] as const;
    }),
  );
  return {
    ...(Object.fromEntries(counted) as Record<Facet, FacetCount[]>),
    access: await accessCount(),
  };

  /** The access facet, counted like the others (every filter but its own). */
  async function accessCount(): Promise<FacetCount[]> {
    const sql = new SqlBuilder();
    const where = conditions(sql, query, tsquery, "access");
    const text = `SELECT count(*)::int AS "count" FROM ${PRODUCT_TABLE}
      WHERE ${where} AND ${readableByClause(sql, query.readers ?? [])}`;
    const [row] = await client.$queryRawUnsafe<{ count: number }[]>(text, ...sql.values);
    const count = row?.count ?? 0;
    return count === 0 ? [] : [{ value: "mine", count }];
  }
}
