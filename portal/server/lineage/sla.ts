import "server-only";
/**
 * SLA status of products from what the lineage tables hold: measured by shared/lineage/sla-rules.ts,
 * recorded as transitions in sla_evaluations (when events are projected, on probe results and on
 * the periodic tick), for many products in a few set-based statements, and a breach
 * queues a webhook notification in the same transaction. A product's freshness and quality are
 * measured from what its own domain reported (authz.ts `countsForProduct`); reports of other
 * domains about its datasets are kept and listed as such (`foreignWrites`), never counted.
 */
import { z } from "zod";
import { DataProductOutputs, DataProductSpec } from "#contract";
import { ColumnMetric, DataQualityAssertion } from "../../shared/lineage/openlineage";
import {
  AVAILABILITY_WINDOW_MS,
  SLA_CHECKS,
  SLA_STATUSES,
  evaluateAvailability,
  evaluateFreshness,
  evaluateQuality,
  worst,
  type QualityObservation,
  type SlaCheck,
  type SlaResult,
} from "../../shared/lineage/sla-rules";
import type { ForeignWrite } from "../../shared/lineage/api-schemas";
import type { Prisma } from "#db";
import type { Db } from "#db/client";
import { countsForProductSql } from "../authz";
import { notify } from "#workflow/notify";

export type SlaReport = Record<SlaCheck, SlaResult>;

const Detail = z.looseObject({ reason: z.string().optional() });

interface ProductRow {
  id: string;
  domain: string;
  name: string;
  spec: unknown;
  outputs: unknown;
}

/** What the checks of a set of products are measured from: a handful of statements per set. */
interface Evidence {
  service: Map<string, ServiceState>;
  lastWrite: Map<string, Date>;
  quality: Map<string, QualityObservation[]>;
  probes: Map<string, { ok: number; total: number }>;
}

/** Whether a dataset version `v` counts for the product `p` its dataset is linked to. */
const COUNTS = countsForProductSql("ARRAY[v.writer_domain]", "p.domain");

interface ServiceState {
  retired: boolean;
  /** When the product went live (its first successful `up`, else its registration); undefined: not live. */
  since: Date | undefined;
}

/** Whether each product is retired, and since when it is in service. */
async function serviceStates(db: Db, productIds: string[]): Promise<Map<string, ServiceState>> {
  const rows = await db.$queryRawUnsafe<{ id: string; status: string; since: Date }[]>(
    `SELECT p.id, p.status::text AS status,
       COALESCE(min(d.finished_at) FILTER (WHERE d.status = 'succeeded' AND d.operation = 'up'),
                p.created_at) AS since
     FROM data_products p LEFT JOIN deployments d ON d.product_id = p.id
     WHERE p.id = ANY($1::text[])
     GROUP BY p.id`,
    productIds,
  );
  return new Map(
    rows.map((row) => [
      row.id,
      {
        retired: row.status === "decommissioned",
        since: row.status === "live" ? row.since : undefined,
      },
    ]),
  );
}

/** Each product's latest COMPLETE write to any of its datasets (newest version per dataset). */
async function lastSuccessfulWrites(db: Db, productIds: string[]): Promise<Map<string, Date>> {
  const rows = await db.$queryRawUnsafe<{ product_id: string; at: Date }[]>(
    `SELECT l.product_id, max(w.at) AS at FROM dataset_product_links l
     JOIN data_products p ON p.id = l.product_id
     CROSS JOIN LATERAL (
       SELECT v.at FROM dataset_versions v
       WHERE v.dataset_id = l.dataset_id AND v.role = 'output' AND v.event_type = 'COMPLETE'
         AND ${COUNTS}
       ORDER BY v.at DESC LIMIT 1
     ) w
     WHERE l.product_id = ANY($1::text[])
     GROUP BY l.product_id`,
    productIds,
  );
  return new Map(rows.map((row) => [row.product_id, row.at]));
}

const ASSERTIONS = `v.facets->'dataQualityAssertions'->'assertions'`;
const COLUMN_METRICS = `v.facets->'dataQualityMetrics'->'columnMetrics'`;
/** The quality-bearing versions of the products' datasets (`v`), with their link `l`. */
const QUALITY_VERSIONS = `FROM dataset_product_links l
       JOIN data_products p ON p.id = l.product_id
       JOIN dataset_versions v ON v.dataset_id = l.dataset_id AND v.has_quality`;
/** Of the products `$1`, what their own domain reported. */
const OF_PRODUCTS = `WHERE l.product_id = ANY($1::text[]) AND ${COUNTS}`;

/**
 * The quality results each product's SLA is read from: the newest result of each assertion
 * (dataset, assertion, column) and the newest metric of each column of each dataset, whichever
 * event reported it (docs/lineage.md). A later event about other columns or other tests does not
 * hide an earlier failure; a later result of the same test replaces it. Of duplicates within one
 * event, a failure wins.
 */
async function qualityObservations(
  db: Db,
  productIds: string[],
): Promise<Map<string, QualityObservation[]>> {
  const [assertionRows, metricRows] = await Promise.all([
    db.$queryRawUnsafe<{ product_id: string; dataset_id: number; assertion: unknown }[]>(
      `SELECT DISTINCT ON (l.product_id, l.dataset_id, a.value->>'assertion', a.value->>'column')
         l.product_id, l.dataset_id, a.value AS assertion
       ${QUALITY_VERSIONS}
       CROSS JOIN LATERAL jsonb_array_elements(
         CASE WHEN jsonb_typeof(${ASSERTIONS}) = 'array' THEN ${ASSERTIONS} ELSE '[]'::jsonb END
       ) a
       ${OF_PRODUCTS}
       ORDER BY l.product_id, l.dataset_id, a.value->>'assertion', a.value->>'column',
         v.at DESC, v.id DESC, (a.value->>'success') = 'true'`,
      productIds,
    ),
    db.$queryRawUnsafe<
      { product_id: string; dataset_id: number; column: string; metric: unknown; rows: unknown }[]
    >(
      `SELECT DISTINCT ON (l.product_id, l.dataset_id, m.key)
         l.product_id, l.dataset_id, m.key AS column, m.value AS metric,
         v.facets->'dataQualityMetrics'->'rowCount' AS rows
       ${QUALITY_VERSIONS}
       CROSS JOIN LATERAL jsonb_each(
         CASE WHEN jsonb_typeof(${COLUMN_METRICS}) = 'object' THEN ${COLUMN_METRICS} ELSE '{}'::jsonb END
       ) m
       ${OF_PRODUCTS}
       ORDER BY l.product_id, l.dataset_id, m.key, v.at DESC, v.id DESC`,
      productIds,
    ),
  ]);
  const byProduct = new Map<string, QualityObservation[]>();
  const add = (productId: string, observation: QualityObservation) => {
    const observations = byProduct.get(productId) ?? [];
    observations.push(observation);
    byProduct.set(productId, observations);
  };
  for (const row of assertionRows) {
    const parsed = DataQualityAssertion.safeParse(row.assertion);
    if (!parsed.success) continue;
    add(row.product_id, {
      dataset: String(row.dataset_id),
      assertions: { assertions: [parsed.data] },
    });
  }
  for (const row of metricRows) {
    // Each column's newest metric is read against the row count of the event that reported it.
    const metric = ColumnMetric.safeParse(row.metric);
    if (!metric.success) continue;
    add(row.product_id, {
      dataset: String(row.dataset_id),
      metrics: {
        ...(typeof row.rows === "number" ? { rowCount: row.rows } : {}),
        columnMetrics: { [row.column]: metric.data },
      },
    });
  }
  return byProduct;
}

/** The HTTP inference endpoint the product's outputs publish, if its spec has an http trigger. */
export function httpEndpoint(spec: DataProductSpec, outputs: unknown): string | undefined {
  if (spec.inference?.triggers.includes("http") !== true) return undefined;
  const parsed = DataProductOutputs.safeParse(outputs);
  return parsed.success ? parsed.data.inference?.endpointUrl : undefined;
}

/** Probe results of each product in the availability window ending at `at`. */
async function probeCounts(db: Db, productIds: string[], at: Date) {
  const probes = new Map(productIds.map((id) => [id, { ok: 0, total: 0 }]));
  if (productIds.length === 0) return probes;
  const rows = await db.$queryRawUnsafe<{ product_id: string; ok: number; total: number }[]>(
    `SELECT product_id, count(*) FILTER (WHERE ok)::int AS ok, count(*)::int AS total
     FROM availability_probes
     WHERE product_id = ANY($1::text[]) AND at > $2 AND at <= $3
     GROUP BY product_id`,
    productIds,
    new Date(at.getTime() - AVAILABILITY_WINDOW_MS),
    at,
  );
  for (const row of rows) probes.set(row.product_id, { ok: row.ok, total: row.total });
  return probes;
}

interface ParsedProduct {
  row: ProductRow;
  spec: DataProductSpec;
  endpoint: string | undefined;
}

async function gatherEvidence(db: Db, products: ParsedProduct[], at: Date): Promise<Evidence> {
  const ids = products.map((product) => product.row.id);
  const probed = products.filter((p) => p.endpoint !== undefined).map((p) => p.row.id);
  const [service, lastWrite, quality, probes] = await Promise.all([
    serviceStates(db, ids),
    lastSuccessfulWrites(db, ids),
    qualityObservations(db, ids),
    probeCounts(db, probed, at),
  ]);
  return { service, lastWrite, quality, probes };
}

const RETIRED: SlaResult = { status: "unknown", reason: "retired: decommissioned, not evaluated" };

function report(product: ParsedProduct, evidence: Evidence, at: Date): SlaReport {
  const { row, spec } = product;
  const service = evidence.service.get(row.id);
  if (service?.retired === true)
    return { freshness: RETIRED, quality: RETIRED, availability: RETIRED, overall: RETIRED };
  const freshness = evaluateFreshness(spec.sla, evidence.lastWrite.get(row.id), at, service?.since);
  const quality = evaluateQuality(spec.table.columns, evidence.quality.get(row.id) ?? []);
  const availability = evaluateAvailability(spec.sla, evidence.probes.get(row.id));
  const checks = { freshness, quality, availability };
  const overall = worst([freshness.status, quality.status, availability.status]);
  const culprit = Object.entries(checks).find(([, result]) => result.status === overall);
  const reason =
    overall === "unknown" || culprit === undefined
      ? "no data yet"
      : `${culprit[0]}: ${culprit[1].reason}`;
  return { ...checks, overall: { status: overall, reason } };
}

/** The SLA report of each product at `at`, keyed by product id. */
export async function evaluateProducts(
  db: Db,
  rows: readonly ProductRow[],
  at: Date,
): Promise<Map<string, SlaReport>> {
  const products = rows.map((row) => {
    const spec = DataProductSpec.parse(row.spec);
    return { row, spec, endpoint: httpEndpoint(spec, row.outputs) };
  });
  const evidence = await gatherEvidence(db, products, at);
  return new Map(products.map((product) => [product.row.id, report(product, evidence, at)]));
}

export async function evaluateProduct(db: Db, product: ProductRow, at: Date): Promise<SlaReport> {
  const reports = await evaluateProducts(db, [product], at);
  const result = reports.get(product.id);
  if (result === undefined) throw new Error(`no SLA report for product ${product.id}`);
  return result;
}

/** The latest recorded status of every check of each product. */
async function latestStatuses(db: Db, productIds: string[]) {
  const rows = await db.$queryRawUnsafe<{ product_id: string; check: string; status: string }[]>(
    `SELECT DISTINCT ON (product_id, "check") product_id, "check", status FROM sla_evaluations
     WHERE product_id = ANY($1::text[]) ORDER BY product_id, "check", evaluated_at DESC, id DESC`,
    productIds,
  );
  const byProduct = new Map<string, Map<string, string>>();
  for (const row of rows) {
    const statuses = byProduct.get(row.product_id) ?? new Map<string, string>();
    statuses.set(row.check, row.status);
    byProduct.set(row.product_id, statuses);
  }
  return byProduct;
}

/**
 * The products' current overall and freshness statuses, copied onto their rows (`sla_status`,
 * `freshness_status`) where the change is recorded, so the catalog filters and counts them as
 * facets without reading the history (portal/server/catalog-search.ts).
 */
async function copyStatusesToProducts(
  db: Db,
  changes: readonly Prisma.SlaEvaluationCreateManyInput[],
): Promise<void> {
  const copied = changes.filter(
    (change) => change.check === "overall" || change.check === "freshness",
  );
  if (copied.length === 0) return;
  await db.$executeRawUnsafe(
    // One row per product (an UPDATE … FROM applies only one joined row to each target).
    `UPDATE data_products p SET
       sla_status = COALESCE(c.overall, p.sla_status),
       freshness_status = COALESCE(c.freshness, p.freshness_status)
     FROM (SELECT product_id,
             max(status) FILTER (WHERE "check" = 'overall') AS overall,
             max(status) FILTER (WHERE "check" = 'freshness') AS freshness
           FROM unnest($1::text[], $2::text[], $3::text[]) AS u(product_id, "check", status)
           GROUP BY product_id) c
     WHERE p.id = c.product_id`,
    copied.map((change) => change.productId),
    copied.map((change) => change.check),
    copied.map((change) => change.status),
  );
}

/** A breach is a change from a status that kept the promise; the first evaluation is not one. */
function isBreach(check: SlaCheck, before: string | undefined, after: string): boolean {
  return (
    check === "overall" && after === "breached" && before !== undefined && before !== "unknown"
  );
}

/**
 * Records the checks whose status changed, for many products in a few statements, and notifies
 * when a product's overall status becomes breached. Returns each product's report.
 */
export async function recordSla(
  db: Db,
  products: readonly ProductRow[],
  at: Date,
): Promise<Map<string, SlaReport>> {
  if (products.length === 0) return new Map();
  const ids = products.map((product) => product.id);
  const reports = await evaluateProducts(db, products, at);
  const previous = await latestStatuses(db, ids);
  const changes: Prisma.SlaEvaluationCreateManyInput[] = [];
  const breaches: { product: ProductRow; before: string; report: SlaReport }[] = [];
  for (const product of products) {
    const result = reports.get(product.id);
    if (result === undefined) continue;
    const before = previous.get(product.id);
    for (const check of SLA_CHECKS) {
      const was = before?.get(check);
      const now = result[check];
      if (was === now.status) continue;
      changes.push({
        productId: product.id,
        check,
        status: now.status,
        detail: { reason: now.reason, previous: was ?? null },
        evaluatedAt: at,
      });
      if (isBreach(check, was, now.status) && was !== undefined)
        breaches.push({ product, before: was, report: result });
    }
  }
  if (changes.length > 0) {
    await db.slaEvaluation.createMany({ data: changes });
    await copyStatusesToProducts(db, changes);
  }
  for (const { product, before, report: checks } of breaches) {
    const ref = `${product.domain}/${product.name}`;
    const owners = DataProductSpec.safeParse(product.spec).data?.owners.emails ?? [];
    await notify(
      db,
      {
        kind: "sla.breached",
        title: `The SLA of ${ref} is breached`,
        body: SLA_CHECKS.filter((check) => checks[check].status === "breached")
          .map((check) => `${check}: ${checks[check].reason}`)
          .join("\n"),
        link: `/products/${ref}#sla-health`,
        payload: { product: ref, previous: before, status: checks.overall.status, checks },
        to: { emails: owners },
        webhookDomains: [product.domain],
        global: true,
      },
      at,
    );
  }
  return reports;
}

export async function recordProductSla(db: Db, product: ProductRow, at: Date): Promise<SlaReport> {
  const result = (await recordSla(db, [product], at)).get(product.id);
  if (result === undefined) throw new Error(`no SLA report for product ${product.id}`);
  return result;
}

const PRODUCT_SELECT = { id: true, domain: true, name: true, spec: true, outputs: true } as const;

export async function recordSlaForDatasets(
  db: Db,
  datasetIds: number[],
  at: Date,
): Promise<number> {
  if (datasetIds.length === 0) return 0;
  const links = await db.datasetProductLink.findMany({
    where: { datasetId: { in: datasetIds } },
    select: { productId: true },
    distinct: ["productId"],
  });
  if (links.length === 0) return 0;
  const products = await db.dataProduct.findMany({
    where: { id: { in: links.map((link) => link.productId) }, status: { not: "decommissioned" } },
    select: PRODUCT_SELECT,
  });
  await recordSla(db, products, at);
  return products.length;
}

/** Products per `recordSla` call of the periodic evaluation: bounds the statements' arrays. */
const EVALUATION_CHUNK = 500;

/** The periodic evaluation: every product that is not decommissioned. */
export async function recordSlaForAll(db: Db, at: Date): Promise<number> {
  const products = await db.dataProduct.findMany({
    where: { status: { not: "decommissioned" } },
    select: PRODUCT_SELECT,
    orderBy: { id: "asc" },
  });
  for (let start = 0; start < products.length; start += EVALUATION_CHUNK)
    await recordSla(db, products.slice(start, start + EVALUATION_CHUNK), at);
  return products.length;
}

/** At most this many reports from other domains are listed with a product's SLA. */
const FOREIGN_WRITES_SHOWN = 20;

/**
 * The newest reports about the product's datasets that other domains' keys made (or keys since
 * deleted): writes and quality facets that were stored but do not count for its SLA.
 */
export async function foreignWrites(db: Db, productId: string): Promise<ForeignWrite[]> {
  const rows = await db.$queryRawUnsafe<
    {
      namespace: string;
      name: string;
      domain: string | null;
      role: string;
      event_type: string | null;
      has_quality: boolean;
      at: Date;
    }[]
  >(
    `SELECT n.namespace, n.name, v.writer_domain AS domain, v.role, v.event_type, v.has_quality, v.at
     FROM dataset_product_links l
     JOIN data_products p ON p.id = l.product_id
     JOIN dataset_versions v ON v.dataset_id = l.dataset_id
     JOIN lineage_nodes n ON n.id = l.dataset_id
     WHERE l.product_id = $1 AND (${COUNTS}) IS NOT TRUE
     ORDER BY v.at DESC, v.id DESC
     LIMIT ${FOREIGN_WRITES_SHOWN}`,
    productId,
  );
  return rows.map((row) => ({
    dataset: { namespace: row.namespace, name: row.name },
    domain: row.domain,
    write: row.role === "output" && row.event_type === "COMPLETE",
    quality: row.has_quality,
    at: row.at.toISOString(),
  }));
}

export async function productSlaHistory(db: Db, productId: string, limit = 200) {
  const rows = await db.slaEvaluation.findMany({
    where: { productId },
    orderBy: [{ evaluatedAt: "desc" }, { id: "desc" }],
    take: limit,
  });
  return rows.reverse().map((row) => ({
    check: z.enum(SLA_CHECKS).parse(row.check),
    status: z.enum(SLA_STATUSES).parse(row.status),
    reason: Detail.parse(row.detail).reason ?? "",
    at: row.evaluatedAt.toISOString(),
  }));
}
