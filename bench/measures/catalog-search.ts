/**
 * Measure 1: catalog search with facets. The API (GET /api/v1/catalog through its handler: session,
 * zod, the nine statements of portal/server/catalog-search.ts, the page's consumer counts, JSON)
 * against the same statements sent raw through `pg`, concurrently like the API sends them, for the
 * same queries. The raw SQL is written out here, not imported, so the baseline stays the
 * database's own cost even if the portal's query changes; the first query checks that both
 * return the same result. The queries are words that exist, so neither side takes the typo path.
 */
import * as catalog from "../../portal/app/api/v1/catalog/route";
import type pg from "pg";
import { OBSERVED_READERS_SQL } from "../../workflow/consumers";
import type { Random } from "../random";
import type { MeasureContext } from "../context";
import type { MeasureResult } from "../result";
import { samplePaired } from "../sample";
import { ratio, summarize } from "../stats";

const FACETS = {
  domain: '"domain"',
  tier: '"tier"',
  cloud: '"cloud"',
  classification: '"classification"',
  owner: '"owner_team"',
  health: '"sla_status"',
  freshness: '"freshness_status"',
} as const;
type Facet = keyof typeof FACETS;

export interface SearchQuery {
  q?: string;
  domain?: string;
  tier?: string;
  cloud?: string;
  sort: "relevance" | "name" | "updated";
}

const WORDS = [
  "orders",
  "ord",
  "sess",
  "daily",
  "invoices",
  "ship",
  "curated",
  "kafka",
  "refunds",
  "cust",
];

/** A mix of what people type: words and prefixes, alone or with one or two facet filters. */
export function searchQueries(
  random: Random,
  domains: readonly string[],
  count: number,
): SearchQuery[] {
  return Array.from({ length: count }, () => {
    const query: SearchQuery = {
      sort: random.pick(["relevance", "relevance", "name", "updated"] as const),
    };
    if (random.next() < 0.8) query.q = random.sample(WORDS, 1 + random.int(2)).join(" ");
    if (random.next() < 0.4) query.domain = random.pick(domains);
    if (random.next() < 0.3) query.tier = random.pick(["bronze", "silver", "gold"]);
    if (random.next() < 0.3) query.cloud = random.pick(["aws", "azure", "gcp", "local"]);
    return query;
  });
}

function tsquery(text: string | undefined): string | undefined {
  const words = (text ?? "")
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w !== "");
  return words.length === 0 ? undefined : words.map((word) => `${word}:*`).join(" & ");
}

function where(query: SearchQuery, values: unknown[], except?: Facet): string {
  const clauses = [`"status" = 'live'`];
  const ts = tsquery(query.q);
  if (ts !== undefined) {
    values.push(ts);
    clauses.push(`"search" @@ to_tsquery('simple', $${values.length})`);
  }
  for (const facet of ["domain", "tier", "cloud"] as const) {
    const value = query[facet];
    if (facet === except || value === undefined) continue;
    values.push(value);
    clauses.push(`${FACETS[facet]}::text = $${values.length}`);
  }
  return clauses.join(" AND ");
}

function pageSql(query: SearchQuery): [string, unknown[]] {
  const values: unknown[] = [];
  const filter = where(query, values);
  const ts = tsquery(query.q);
  let order = `"domain", "name"`;
  if (query.sort === "updated") order = `"updated_at" DESC, "domain", "name"`;
  else if (query.sort === "relevance" && ts !== undefined) {
    values.push(ts);
    order = `ts_rank("search", to_tsquery('simple', $${values.length})) DESC, "domain", "name"`;
  }
  return [
    `SELECT "id", "domain", "name", "display_name", "description", "tier"::text,
       "classification"::text, "cloud"::text, "region", "owner_team", "status"::text, "tags",
       "updated_at", "sunset_at", "sla_status", "freshness_status",
       "spec" -> 'table' -> 'columns' AS "columns"
     FROM "data_products" WHERE ${filter} ORDER BY ${order} LIMIT 20 OFFSET 0`,
    values,
  ];
}

/**
 * The consumers of the page's products (workflow/consumers.ts `consumerCounts`): declared inputs,
 * observed readers and approved grants, each one statement for the whole page.
 */
function rawConsumers(
  pool: pg.Pool,
  rows: readonly { id: string; domain: string; name: string }[],
) {
  const ids = rows.map((row) => row.id);
  const refs = rows.map((row) => `${row.domain}/${row.name}`);
  return Promise.all([
    pool.query(
      `SELECT input AS ref, p.domain, p.name, p.status::text AS status, p.owner_emails
       FROM data_products p CROSS JOIN LATERAL unnest(p.inputs) AS input
       WHERE p.inputs && $1::text[] AND input = ANY($1::text[]) ORDER BY p.domain, p.name`,
      [refs],
    ),
    pool.query(OBSERVED_READERS_SQL, [ids]),
    pool.query(
      `SELECT * FROM access_grants WHERE product_id = ANY($1::text[]) AND status = 'approved'
       ORDER BY created_at`,
      [ids],
    ),
  ]);
}

/** The statements of one search: a page, the total, a count per facet, the page's consumers. */
export async function rawSearch(pool: pg.Pool, query: SearchQuery) {
  const [page, pageValues] = pageSql(query);
  const countValues: unknown[] = [];
  const count = `SELECT count(*)::int AS count FROM "data_products" WHERE ${where(query, countValues)}`;
  const facets = (Object.keys(FACETS) as Facet[]).map((facet) => {
    const values: unknown[] = [];
    const text = `SELECT ${FACETS[facet]}::text AS value, count(*)::int AS count FROM "data_products"
      WHERE ${where(query, values, facet)} GROUP BY 1 ORDER BY 2 DESC, 1`;
    return pool.query(text, values);
  });
  const pageRows = pool
    .query<{ id: string; domain: string; name: string }>(page, pageValues)
    .then(async (result) => {
      await rawConsumers(pool, result.rows);
      return result;
    });
  return Promise.all([pageRows, pool.query(count, countValues), ...facets]);
}

function apiPath(query: SearchQuery): string {
  const params = new URLSearchParams({ sort: query.sort, page: "1", pageSize: "20" });
  for (const key of ["q", "domain", "tier", "cloud"] as const) {
    const value = query[key];
    if (value !== undefined) params.set(key, value);
  }
  return `/api/v1/catalog?${params.toString()}`;
}

const Total = (payload: unknown): number =>
  (payload as { pagination: { total: number } }).pagination.total; // the route's CatalogResult

export async function measureCatalogSearch(context: MeasureContext): Promise<MeasureResult> {
  const { portal, pool, sampling, dataset } = context;
  const queries = searchQueries(
    context.random(1),
    dataset.domains.map((d) => d.slug),
    200,
  );
  const at = (i: number): SearchQuery => queries[i % queries.length] as SearchQuery;
  const first = at(0);
  const [apiFirst, rawFirst] = await Promise.all([
    portal.call(catalog.GET, "GET", apiPath(first)),
    rawSearch(pool, first),
  ]);
  const rawTotal = (rawFirst[1].rows[0] as { count: number }).count;
  if (Total(apiFirst) !== rawTotal)
    throw new Error(
      `catalog search: API total ${Total(apiFirst)} ≠ raw ${rawTotal} for ${apiPath(first)}`,
    );
  const times = await samplePaired(sampling, {
    api: (i) => portal.call(catalog.GET, "GET", apiPath(at(i))),
    raw: (i) => rawSearch(pool, at(i)),
  });
  const api = summarize(times.api);
  const raw = summarize(times.raw);
  const r = ratio(api.p95, raw.p95);
  return {
    measure: "catalog-search",
    title: "Catalog search with facets (API vs raw SQL)",
    database: context.database.target,
    rows: [
      {
        label: "search + 7 facet counts, page of 20 with consumers",
        api,
        raw,
        ...(r === undefined ? {} : { ratio: r }),
        target: { text: "API p95 ≤ 2 × raw p95", met: r !== undefined && r <= 2 },
      },
    ],
    notes: [
      `${queries.length} distinct queries (80 % with words or prefixes, 40 % with a domain, 30 % tier, 30 % cloud), cycled; first query checked equal (total ${rawTotal}).`,
    ],
  };
}
