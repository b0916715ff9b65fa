import "server-only";
/**
 * SLA status of products from what the lineage tables hold: measured by shared/lineage/sla-rules.ts,
 * recorded as transitions in sla_evaluations (on ingestion and on the periodic tick), and a breach
 * queues a webhook notification in the same transaction.
 */
import { z } from "zod";
import { DataProductOutputs, DataProductSpec } from "#contract";
import {
  DataQualityAssertionsFacet,
  DataQualityMetricsFacet,
} from "../../shared/lineage/openlineage";
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
import type { Db } from "../db";
import { enqueueNotification } from "./webhooks";

export type SlaReport = Record<SlaCheck, SlaResult>;

const Detail = z.looseObject({ reason: z.string().optional() });

interface ProductRow {
  id: string;
  domain: string;
  name: string;
  spec: unknown;
  outputs: unknown;
}

async function lastSuccessfulWrite(db: Db, datasetIds: number[]): Promise<Date | undefined> {
  if (datasetIds.length === 0) return undefined;
  const [row] = await db.$queryRawUnsafe<{ at: Date | null }[]>(
    `SELECT max(at) AS at FROM dataset_versions
     WHERE dataset_id = ANY($1::int[]) AND role = 'output' AND event_type = 'COMPLETE'`,
    datasetIds,
  );
  return row?.at ?? undefined;
}

async function qualityObservations(db: Db, datasetIds: number[]): Promise<QualityObservation[]> {
  if (datasetIds.length === 0) return [];
  const rows = await db.$queryRawUnsafe<{ dataset_id: number; facets: Record<string, unknown> }[]>(
    `SELECT DISTINCT ON (dataset_id) dataset_id, facets FROM dataset_versions
     WHERE dataset_id = ANY($1::int[]) AND has_quality
     ORDER BY dataset_id, at DESC`,
    datasetIds,
  );
  return rows.map((row) => {
    const assertions = DataQualityAssertionsFacet.safeParse(row.facets.dataQualityAssertions);
    const metrics = DataQualityMetricsFacet.safeParse(row.facets.dataQualityMetrics);
    return {
      dataset: String(row.dataset_id),
      assertions: assertions.success ? assertions.data : undefined,
      metrics: metrics.success ? metrics.data : undefined,
    };
  });
}

/** The HTTP inference endpoint the product's outputs publish, if its spec has an http trigger. */
export function httpEndpoint(spec: DataProductSpec, outputs: unknown): string | undefined {
  if (spec.inference?.triggers.includes("http") !== true) return undefined;
  const parsed = DataProductOutputs.safeParse(outputs);
  return parsed.success ? parsed.data.inference?.endpointUrl : undefined;
}

async function probeCounts(db: Db, productId: string, at: Date) {
  const since = new Date(at.getTime() - AVAILABILITY_WINDOW_MS);
  const [total, ok] = await Promise.all([
    db.availabilityProbe.count({ where: { productId, at: { gt: since, lte: at } } }),
    db.availabilityProbe.count({ where: { productId, ok: true, at: { gt: since, lte: at } } }),
  ]);
  return { ok, total };
}

export async function evaluateProduct(db: Db, product: ProductRow, at: Date): Promise<SlaReport> {
  const spec = DataProductSpec.parse(product.spec);
  const links = await db.datasetProductLink.findMany({
    where: { productId: product.id },
    select: { datasetId: true },
  });
  const datasetIds = links.map((link) => link.datasetId);
  const endpoint = httpEndpoint(spec, product.outputs);
  const [lastWrite, observations, probes] = await Promise.all([
    lastSuccessfulWrite(db, datasetIds),
    qualityObservations(db, datasetIds),
    endpoint === undefined ? Promise.resolve(undefined) : probeCounts(db, product.id, at),
  ]);
  const freshness = evaluateFreshness(spec.sla, lastWrite, at);
  const quality = evaluateQuality(spec.table.columns, observations);
  const availability = evaluateAvailability(spec.sla, probes);
  const checks = { freshness, quality, availability };
  const overall = worst([freshness.status, quality.status, availability.status]);
  const culprit = Object.entries(checks).find(([, result]) => result.status === overall);
  const reason =
    overall === "unknown" || culprit === undefined
      ? "no data yet"
      : `${culprit[0]}: ${culprit[1].reason}`;
  return { ...checks, overall: { status: overall, reason } };
}

async function latestStatuses(db: Db, productId: string) {
  const rows = await db.$queryRawUnsafe<{ check: string; status: string }[]>(
    `SELECT DISTINCT ON ("check") "check", status FROM sla_evaluations
     WHERE product_id = $1 ORDER BY "check", evaluated_at DESC, id DESC`,
    productId,
  );
  return new Map(rows.map((row) => [row.check, row.status]));
}

/** Records the checks whose status changed; notifies when the overall status becomes breached. */
export async function recordProductSla(db: Db, product: ProductRow, at: Date): Promise<SlaReport> {
  const report = await evaluateProduct(db, product, at);
  const previous = await latestStatuses(db, product.id);
  for (const check of SLA_CHECKS) {
    const result = report[check];
    const before = previous.get(check);
    if (before === result.status) continue;
    await db.slaEvaluation.create({
      data: {
        productId: product.id,
        check,
        status: result.status,
        detail: { reason: result.reason, previous: before ?? null },
        evaluatedAt: at,
      },
    });
    // A breach is a change from a status that kept the promise; the first evaluation is not one.
    if (
      check === "overall" &&
      result.status === "breached" &&
      before !== undefined &&
      before !== "unknown"
    ) {
      await enqueueNotification(db, {
        event: "sla.breached",
        domain: product.domain,
        payload: {
          product: `${product.domain}/${product.name}`,
          previous: before,
          status: result.status,
          checks: report,
          at: at.toISOString(),
        },
      });
    }
  }
  return report;
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
  for (const product of products) await recordProductSla(db, product, at);
  return products.length;
}

/** The periodic evaluation: every product that is not decommissioned. */
export async function recordSlaForAll(db: Db, at: Date): Promise<number> {
  const products = await db.dataProduct.findMany({
    where: { status: { not: "decommissioned" } },
    select: PRODUCT_SELECT,
    orderBy: { id: "asc" },
  });
  for (const product of products) await recordProductSla(db, product, at);
  return products.length;
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
