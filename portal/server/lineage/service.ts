import "server-only";
/** What the lineage, SLA, API-key and webhook routes do, composed from the lineage modules. */
import { randomBytes } from "node:crypto";
import { DataProductSpec } from "#contract";
import { compareLineage } from "../../shared/lineage/compare";
import { SLA_STATUSES, type SlaStatus } from "../../shared/lineage/sla-rules";
import type {
  ApiKey,
  GraphQuery,
  ProductLineage,
  ProductSla,
  SlaSummary,
  Webhook,
} from "../../shared/lineage/api-schemas";
import type { Db } from "#db/client";
import { NotFoundError } from "../problems";
import { now } from "./clock";
import { datasetIdOrThrow } from "./linking";
import { caughtUp } from "./projector";
import { evaluateProduct, productSlaHistory } from "./sla";
import { observedInputs, productDatasetIds, traverse } from "./traversal";

export async function productOrThrow(db: Db, domain: string, name: string) {
  const product = await db.dataProduct.findUnique({
    where: { domain_name: { domain, name } },
    select: { id: true, domain: true, name: true, spec: true, outputs: true, inputs: true },
  });
  if (product === null) throw new NotFoundError(`no product ${domain}/${name}`);
  return product;
}

async function startNodes(db: Db, query: GraphQuery): Promise<number[]> {
  if (query.node === "product") {
    const product = await productOrThrow(db, query.domain ?? "", query.name);
    return productDatasetIds(db, product.id);
  }
  if (query.node === "dataset")
    return [await datasetIdOrThrow(db, query.namespace ?? "", query.name)];
  const job = await db.lineageNode.findUnique({
    where: {
      kind_namespace_name: { kind: "job", namespace: query.namespace ?? "", name: query.name },
    },
    select: { id: true },
  });
  if (job === null)
    throw new NotFoundError(`no job ${query.namespace ?? ""}:${query.name} has been reported`);
  return [job.id];
}

export async function lineageGraph(db: Db, query: GraphQuery) {
  await caughtUp(db);
  const start = await startNodes(db, query);
  return traverse(db, start, query.direction, query.depth, query.view);
}

export async function productLineage(
  db: Db,
  domain: string,
  name: string,
  depth: number,
): Promise<ProductLineage> {
  await caughtUp(db);
  const product = await productOrThrow(db, domain, name);
  const start = await productDatasetIds(db, product.id);
  const [graph, observed] = await Promise.all([
    traverse(db, start, "both", depth, "full"),
    observedInputs(db, product.id),
  ]);
  return { ...graph, start, inputs: compareLineage(product.inputs, observed) };
}

export async function productSla(db: Db, domain: string, name: string): Promise<ProductSla> {
  await caughtUp(db);
  const product = await productOrThrow(db, domain, name);
  const at = now();
  const [current, history] = await Promise.all([
    evaluateProduct(db, product, at),
    productSlaHistory(db, product.id),
  ]);
  return { product: `${domain}/${name}`, evaluatedAt: at.toISOString(), current, history };
}

function isStatus(value: string): value is SlaStatus {
  return (SLA_STATUSES as readonly string[]).includes(value);
}

export async function slaSummary(db: Db): Promise<SlaSummary> {
  await caughtUp(db);
  const rows = await db.$queryRawUnsafe<
    { domain: string; name: string; status: string; reason: string | null; at: Date }[]
  >(
    `SELECT DISTINCT ON (e.product_id) p.domain, p.name, e.status, e.detail->>'reason' AS reason, e.evaluated_at AS at
     FROM sla_evaluations e JOIN data_products p ON p.id = e.product_id
     WHERE e."check" = 'overall' AND p.status <> 'decommissioned'
     ORDER BY e.product_id, e.evaluated_at DESC, e.id DESC`,
  );
  const counts = Object.fromEntries(SLA_STATUSES.map((s) => [s, 0])) as Record<SlaStatus, number>;
  const products = rows.flatMap((row) => {
    if (!isStatus(row.status)) return [];
    counts[row.status] += 1;
    return [
      {
        product: `${row.domain}/${row.name}`,
        status: row.status,
        reason: row.reason ?? "",
        since: row.at.toISOString(),
      },
    ];
  });
  const order: Record<SlaStatus, number> = { breached: 0, at_risk: 1, unknown: 2, met: 3 };
  products.sort((a, b) => order[a.status] - order[b.status] || a.product.localeCompare(b.product));
  return { counts, products };
}

export function apiKeyView(row: {
  id: string;
  label: string;
  prefix: string;
  scopes: string[];
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}): ApiKey {
  return {
    id: row.id,
    label: row.label,
    prefix: row.prefix,
    scopes: row.scopes,
    createdAt: row.createdAt.toISOString(),
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
    revokedAt: row.revokedAt?.toISOString() ?? null,
  };
}

const DELIVERY_STATUSES = ["pending", "delivered", "failed"] as const;

export async function listWebhooks(db: Db, domain: string): Promise<Webhook[]> {
  const rows = await db.webhookSubscription.findMany({
    where: { domain },
    orderBy: { createdAt: "desc" },
    include: { deliveries: { orderBy: { createdAt: "desc" }, take: 20 } },
  });
  return rows.map((row) => ({
    id: row.id,
    url: row.url,
    createdAt: row.createdAt.toISOString(),
    disabledAt: row.disabledAt?.toISOString() ?? null,
    deliveries: row.deliveries.map((d) => ({
      id: d.id,
      event: d.event,
      status: DELIVERY_STATUSES.find((s) => s === d.status) ?? "failed",
      attempts: d.attempts,
      lastStatusCode: d.lastStatusCode,
      lastError: d.lastError,
      createdAt: d.createdAt.toISOString(),
    })),
  }));
}

export function newWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString("base64url")}`;
}

export async function recordProbe(
  db: Db,
  domain: string,
  body: {
    product: string;
    ok: boolean;
    statusCode?: number | undefined;
    latencyMs?: number | undefined;
    error?: string | undefined;
    at?: string | undefined;
  },
) {
  const [productDomain = "", productName = ""] = body.product.split("/");
  if (productDomain !== domain)
    throw new NotFoundError(`no product ${body.product} in domain ${domain}`);
  const product = await productOrThrow(db, productDomain, productName);
  const spec = DataProductSpec.parse(product.spec);
  const probe = await db.availabilityProbe.create({
    data: {
      productId: product.id,
      ok: body.ok,
      statusCode: body.statusCode ?? null,
      latencyMs: body.latencyMs ?? null,
      error: body.error ?? null,
      at: body.at === undefined ? now() : new Date(body.at),
    },
  });
  return { probe, product, spec };
}
