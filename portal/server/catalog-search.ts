import "server-only";
/**
 * Catalog search: PostgreSQL full text over a weighted tsvector (name, tags and columns, then
 * description) kept on each product row and GIN-indexed, so a query over 10,000 products touches
 * only the matching rows. Facet counts are disjunctive: each facet is counted with every filter
 * except its own, so the UI can show what picking another value would give.
 *
 * Typo tolerance: when the words as typed match nothing, each word that alone matches no live
 * product is looked up in the catalog's vocabulary (catalog_words, every word of the search
 * documents) through pg_trgm's trigram index, the close words (search-text.ts `corrections`:
 * at most one or two edits) are searched for instead, and the result says so (`corrections`).
 * Each result says where it matched (`matchedOn`), carries its SLA health and freshness (copied
 * onto the row where they are recorded, so they filter and count like tier) and its consumer
 * counts (workflow/consumers.ts, for the page's products only).
 */
import { z } from "zod";
import type {
  CatalogItem,
  CatalogMatch,
  CatalogQuery,
  CatalogResult,
  Facet,
} from "../shared/api-schemas";
import { FACETS } from "../shared/api-schemas";
import { memberDomains, type UserPrincipal } from "./authz";
import { readableByClause } from "./catalog-access";
import { consumersVisibleTo } from "./consumers";
import { SLA_FACET_VALUES } from "../shared/catalog-vocabulary";
import { inTransaction, type Db } from "#db/client";
import { consumerCounts } from "#workflow/consumers";
import { toProductSummary, type ProductRow } from "./products";
import {
  corrections,
  searchWords,
  withinEdits,
  termMatches,
  termsQuery,
  typedTerm,
  type SearchTerm,
} from "./search-text";
import { SqlBuilder, PRODUCT_TABLE } from "./sql";

const FACET_COLUMNS: Readonly<Record<Facet, string>> = {
  domain: '"domain"',
  tier: '"tier"',
  cloud: '"cloud"',
  classification: '"classification"',
  owner: '"owner_team"',
  health: '"sla_status"',
  freshness: '"freshness_status"',
};

interface FacetCount {
  value: string;
  count: number;
}

/** A catalog query with its viewer, and their domains, which `access: "mine"` filters by. */
type CatalogSearchQuery = CatalogQuery & { viewer: UserPrincipal; readers: readonly string[] };

/** At most this many words of q are searched for. */
const MAX_WORDS = 12;

/**
 * Each word becomes a prefix term (`cust:*`), all of them required: search-as-you-type finds
 * "customer-events" from "cust ev". Words hold only letters and digits, so the tsquery syntax
 * cannot be injected.
 */
export function prefixQuery(text: string | undefined): string | undefined {
  return termsQuery(typedTerms(text));
}

function typedTerms(text: string | undefined): SearchTerm[] {
  return searchWords(text ?? "")
    .slice(0, MAX_WORDS)
    .map(typedTerm);
}

/** Snake-case columns (prisma/schema.prisma maps them) as the ProductRow fields. */
const SUMMARY_COLUMNS = `"id", "domain", "name", "display_name" AS "displayName", "description",
  "tier"::text, "classification"::text, "cloud"::text, "region", "owner_team" AS "ownerTeam",
  "status"::text, "tags", "updated_at" AS "updatedAt", "sunset_at" AS "sunsetAt",
  "sla_status" AS "health", "freshness_status" AS "freshness",
  "spec" -> 'table' -> 'columns' AS "columns"`;

interface CatalogRow extends ProductRow {
  id: string;
  health: string;
  freshness: string;
  columns: unknown;
}

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
    clauses.push(readableByClause(sql, query.readers));
  return clauses.join(" AND ");
}

function orderBy(sql: SqlBuilder, query: CatalogQuery, tsquery: string | undefined): string {
  if (query.sort === "updated") return `"updated_at" DESC, "domain", "name"`;
  if (query.sort === "name" || tsquery === undefined) return `"domain", "name"`;
  return `ts_rank("search", to_tsquery('simple', ${sql.param(tsquery)})) DESC, "domain", "name"`;
}

/** The live products matching `query`, as `viewer` sees them (their consumers counted too). */
export async function searchCatalog(
  client: Db,
  catalogQuery: CatalogQuery,
  viewer: UserPrincipal,
): Promise<CatalogResult> {
  const query = { ...catalogQuery, viewer, readers: memberDomains(viewer) };
  const typed = typedTerms(query.q);
  const first = await search(client, query, typed);
  if (first.total > 0 || typed.length === 0) return result(client, query, typed, first, []);
  const corrected = await correctTerms(client, typed);
  if (corrected === undefined) return result(client, query, typed, first, []);
  const second = await search(client, query, corrected);
  const fixed = corrected.filter((term) => term.prefix === undefined);
  return result(
    client,
    query,
    corrected,
    second,
    fixed.map((term) => ({ word: term.typed, searchedFor: [...term.exact] })),
  );
}

interface Found {
  rows: CatalogRow[];
  total: number;
  facets: CatalogResult["facets"];
}

async function search(client: Db, query: CatalogSearchQuery, terms: SearchTerm[]): Promise<Found> {
  const tsquery = termsQuery(terms);
  const [rows, total, facets] = await Promise.all([
    pageOfProducts(client, query, tsquery),
    countProducts(client, query, tsquery),
    facetCounts(client, query, tsquery),
  ]);
  return { rows, total, facets };
}

async function result(
  client: Db,
  query: CatalogSearchQuery,
  terms: readonly SearchTerm[],
  found: Found,
  corrections: CatalogResult["corrections"],
): Promise<CatalogResult> {
  const consumers = await consumerCounts(client, found.rows, consumersVisibleTo(query.viewer));
  const items = found.rows.map((row): CatalogItem => ({
    ...toProductSummary(row),
    health: slaStatus(row.health),
    freshness: slaStatus(row.freshness),
    consumers: consumers.get(row.id) ?? { products: 0, domains: 0 },
    matchedOn: matchedOn(row, terms),
  }));
  return {
    items,
    corrections,
    pagination: { page: query.page, pageSize: query.pageSize, total: found.total },
    facets: found.facets,
  };
}

const slaStatus = (value: string) => z.enum(SLA_FACET_VALUES).catch("unknown").parse(value);

/**
 * The terms with each word that alone matches no live product replaced by the catalog's words
 * close to it; undefined when there is nothing to correct or no close word for one of them (the
 * search then stays empty, as typed).
 */
async function correctTerms(
  client: Db,
  terms: readonly SearchTerm[],
): Promise<SearchTerm[] | undefined> {
  const words = terms.map((term) => term.typed);
  const unmatched = new Set(
    (
      await client.$queryRawUnsafe<{ word: string }[]>(
        `SELECT w.word FROM unnest($1::text[]) AS w(word)
         WHERE NOT EXISTS (SELECT 1 FROM ${PRODUCT_TABLE}
           WHERE "status" = 'live' AND "search" @@ to_tsquery('simple', w.word || ':*'))`,
        words,
      )
    ).map((row) => row.word),
  );
  if (unmatched.size === 0) return undefined;
  const candidates = await closeWords(client, [...unmatched]);
  const near = new Map(
    [...unmatched].map((typed) => [typed, withinEdits(typed, candidates.get(typed) ?? [])]),
  );
  const live = await liveWords(client, [...new Set([...near.values()].flat())]);
  const corrected = terms.map((term): SearchTerm => {
    if (!unmatched.has(term.typed)) return term;
    return {
      typed: term.typed,
      prefix: undefined,
      exact: corrections(
        term.typed,
        (near.get(term.typed) ?? []).filter((word) => live.has(word)),
      ),
    };
  });
  return corrected.some((term) => term.prefix === undefined && term.exact.length === 0)
    ? undefined
    : corrected;
}

/**
 * pg_trgm's candidates for each word: vocabulary words whose trigrams cover enough of the typed
 * word's (word similarity ≥ 0.3, through the trigram GIN index; a swapped pair of letters in a
 * five-letter word shares only two of six trigrams, so plain similarity would miss it), the most
 * similar first. The edit distance decides among them (search-text.ts `corrections`).
 */
async function closeWords(client: Db, words: string[]): Promise<Map<string, string[]>> {
  const statement = `SELECT q.word AS "typed", v.word AS "candidate"
     FROM unnest($1::text[]) AS q(word)
     CROSS JOIN LATERAL (
       SELECT c.word FROM "catalog_words" c WHERE q.word <% c.word
       ORDER BY similarity(c.word, q.word) DESC, c.word LIMIT 100
     ) v`;
  // Already in the caller's transaction, the setting lasts until it ends (only `<%` reads it).
  const rows = await inTransaction(client, async (tx) => {
    await tx.$executeRawUnsafe(`SET LOCAL pg_trgm.word_similarity_threshold = 0.3`);
    return tx.$queryRawUnsafe<{ typed: string; candidate: string }[]>(statement, words);
  });
  const byWord = new Map<string, string[]>();
  for (const row of rows) byWord.set(row.typed, [...(byWord.get(row.typed) ?? []), row.candidate]);
  return byWord;
}

/**
 * Of vocabulary words, those a live product holds. The vocabulary has every product's words,
 * another domain's unpublished ones too: a correction to a word only they hold would name it.
 */
async function liveWords(client: Db, words: readonly string[]): Promise<Set<string>> {
  if (words.length === 0) return new Set();
  const rows = await client.$queryRawUnsafe<{ word: string }[]>(
    `SELECT w.word FROM unnest($1::text[]) AS w(word)
     WHERE EXISTS (SELECT 1 FROM ${PRODUCT_TABLE}
       WHERE "status" = 'live' AND "search" @@ to_tsquery('simple', w.word))`,
    words,
  );
  return new Set(rows.map((row) => row.word));
}

const Columns = z
  .array(z.looseObject({ name: z.string().catch(""), doc: z.string().optional().catch(undefined) }))
  .catch([]);

/** Up to this many characters of description either side of the first matching word. */
const SNIPPET_CONTEXT = 40;

/**
 * Where the terms matched a product, field by field as the search document holds them
 * (migration catalog_search_trigger): each field whose words satisfy at least one term.
 */
export function matchedOn(
  row: Pick<
    CatalogRow,
    | "domain"
    | "name"
    | "displayName"
    | "description"
    | "ownerTeam"
    | "tier"
    | "classification"
    | "cloud"
    | "tags"
    | "columns"
  >,
  terms: readonly SearchTerm[],
): CatalogMatch[] {
  if (terms.length === 0) return [];
  const hits = (text: string) =>
    searchWords(text).some((word) => terms.some((term) => termMatches(term, word)));
  const matches: CatalogMatch[] = [];
  if (hits(`${row.name} ${row.displayName}`)) matches.push({ field: "name", value: row.name });
  if (hits(row.domain)) matches.push({ field: "domain", value: row.domain });
  for (const column of Columns.parse(row.columns))
    if (hits(`${column.name} ${column.doc ?? ""}`))
      matches.push({ field: "column", value: column.name });
  const tags = z.record(z.string(), z.string()).catch({}).parse(row.tags);
  for (const [key, value] of Object.entries(tags))
    if (hits(`${key} ${value}`)) matches.push({ field: "tag", value: `${key}: ${value}` });
  if (hits(row.ownerTeam)) matches.push({ field: "owner", value: row.ownerTeam });
  for (const field of ["tier", "classification", "cloud"] as const)
    if (hits(row[field])) matches.push({ field, value: row[field] });
  const snippet = descriptionSnippet(row.description, terms);
  if (snippet !== undefined) matches.push({ field: "description", value: snippet });
  return matches;
}

/** The description around its first word that satisfies a term, or undefined. */
function descriptionSnippet(description: string, terms: readonly SearchTerm[]): string | undefined {
  for (const match of description.matchAll(/[\p{L}\p{N}]+/gu)) {
    const word = match[0].toLowerCase();
    if (!terms.some((term) => termMatches(term, word))) continue;
    const start = Math.max(0, match.index - SNIPPET_CONTEXT);
    const end = Math.min(description.length, match.index + match[0].length + SNIPPET_CONTEXT);
    return `${start > 0 ? "…" : ""}${description.slice(start, end).trim()}${end < description.length ? "…" : ""}`;
  }
  return undefined;
}

async function pageOfProducts(
  client: Db,
  query: CatalogSearchQuery,
  tsquery: string | undefined,
): Promise<CatalogRow[]> {
  const sql = new SqlBuilder();
  const where = conditions(sql, query, tsquery);
  const order = orderBy(sql, query, tsquery);
  const text = `SELECT ${SUMMARY_COLUMNS} FROM ${PRODUCT_TABLE} WHERE ${where} ORDER BY ${order}
    LIMIT ${sql.param(query.pageSize)} OFFSET ${sql.param((query.page - 1) * query.pageSize)}`;
  return client.$queryRawUnsafe<CatalogRow[]>(text, ...sql.values);
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
      WHERE ${where} AND ${readableByClause(sql, query.readers)}`;
    const [row] = await client.$queryRawUnsafe<{ count: number }[]>(text, ...sql.values);
    const count = row?.count ?? 0;
    return count === 0 ? [] : [{ value: "mine", count }];
  }
}
