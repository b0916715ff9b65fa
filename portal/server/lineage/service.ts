import "server-only";
/**
 * What the lineage, SLA, API-key and webhook routes do, composed from the lineage modules. What
 * they say about products follows the caller's product scope (authz.ts): another domain's product
 * that was never published is answered as missing, and is no product in a graph.
 */
import { randomBytes } from "node:crypto";
import type { z } from "zod";
import { splitProductRef } from "#contract";
import { compareLineage } from "../../shared/lineage/compare";
import { SLA_STATUSES, type SlaStatus } from "../../shared/lineage/sla-rules";
import type {
  ApiKey,
  GraphQuery,
  LineageProductsQuery,
  ProductLineage,
  ProductSla,
  SlaSummary,
  Webhook,
} from "../../shared/lineage/api-schemas";
import type { Db } from "#db/client";
import type { Audit } from "#workflow/audit";
import {
  canManageDomainIntegrations,
  lineageKeyScope,
  productInScope,
  productScope,
  type LineageKeyPrincipal,
  type ProductScope,
  type UserPrincipal,
} from "../authz";
import { domainOrThrow } from "../domains";
import { productScopeWhere } from "../products";
import { NotFoundError, ValidationError } from "../problems";
import { createApiKey, revokeApiKey } from "./api-keys";
import { now } from "./clock";
import { datasetOwnership } from "./linking";
import { checkWebhookTarget } from "./webhook-target";
import { caughtUp } from "./projector";
import {
  evaluateProduct,
  foreignWrites,
  productSlaHistory,
  recordProductSla,
  type SlaReport,
} from "./sla";
import { observedInputs, traverse, type WalkStart } from "./traversal";

/** A product of `scope`; one outside it is answered as missing, like one that is not there. */
async function productOrThrow(db: Db, scope: ProductScope, domain: string, name: string) {
  const product = await db.dataProduct.findUnique({
    where: { domain_name: { domain, name } },
    select: {
      id: true,
      domain: true,
      name: true,
      status: true,
      spec: true,
      outputs: true,
      inputs: true,
    },
  });
  if (product === null || !productInScope(scope, product))
    throw new NotFoundError(`no product ${domain}/${name}`);
  return product;
}

/** `text` for Prisma's contains/startsWith/endsWith, which pass LIKE's wildcards through. */
function likeText(text: string): string {
  return text.replace(/[\\%_]/g, (char) => `\\${char}`);
}

/** Products whose reference matches `q`: text in the domain or name, or `domain/name-prefix`. */
function refMatches(q: string | undefined) {
  if (q === undefined || q === "") return {};
  const slash = q.indexOf("/");
  if (slash < 0) {
    const text = likeText(q);
    return { OR: [{ domain: { contains: text } }, { name: { contains: text } }] };
  }
  const domain = likeText(q.slice(0, slash));
  const name = likeText(q.slice(slash + 1));
  return { domain: { endsWith: domain }, name: { startsWith: name } };
}

/**
 * The products the lineage page offers to start from: those of `scope` still in service whose
 * reference matches `q`, the first `limit` by domain and name. The page gets a few at a time (its
 * picker searches), never the whole list: 10,000 of them in the HTML delayed its first paint.
 */
export async function lineageProducts(
  db: Db,
  scope: ProductScope,
  query: LineageProductsQuery,
): Promise<string[]> {
  const products = await db.dataProduct.findMany({
    where: {
      AND: [
        productScopeWhere(scope),
        { status: { not: "decommissioned" } },
        refMatches(query.q?.toLowerCase()),
      ],
    },
    select: { domain: true, name: true },
    orderBy: [{ domain: "asc" }, { name: "asc" }],
    take: query.limit,
  });
  return products.map((product) => `${product.domain}/${product.name}`);
}

/**
 * Where a graph query starts. A product is looked up first, for its scope (404 outside it); a
 * dataset or job is looked up by the walk's own statement, and answered as missing when the walk
 * found no start.
 */
async function walkStart(db: Db, scope: ProductScope, query: GraphQuery): Promise<WalkStart> {
  if (query.node !== "product")
    return { kind: query.node, namespace: query.namespace ?? "", name: query.name };
  const product = await productOrThrow(db, scope, query.domain ?? "", query.name);
  return { productId: product.id };
}

function reportedOrThrow(query: GraphQuery, start: readonly number[]): void {
  if (query.node === "product" || start.length > 0) return;
  const name = `${query.namespace ?? ""}:${query.name}`;
  throw new NotFoundError(
    query.node === "dataset"
      ? `no dataset ${name} has been reported`
      : `no job ${name} has been reported`,
  );
}

export async function lineageGraph(db: Db, scope: ProductScope, query: GraphQuery) {
  await caughtUp(db);
  const from = await walkStart(db, scope, query);
  const { start, ...graph } = await traverse(
    db,
    scope,
    from,
    query.direction,
    query.depth,
    query.view,
  );
  reportedOrThrow(query, start);
  return graph;
}

export async function productLineage(
  db: Db,
  scope: ProductScope,
  domain: string,
  name: string,
  depth: number,
): Promise<ProductLineage> {
  await caughtUp(db);
  const product = await productOrThrow(db, scope, domain, name);
  const [graph, observed] = await Promise.all([
    traverse(db, scope, { productId: product.id }, "both", depth, "full"),
    observedInputs(db, scope, product),
  ]);
  return { ...graph, inputs: compareLineage(product.inputs, observed) };
}

export async function productSla(
  db: Db,
  scope: ProductScope,
  domain: string,
  name: string,
): Promise<ProductSla> {
  await caughtUp(db);
  const product = await productOrThrow(db, scope, domain, name);
  const at = now();
  const [current, history, foreign] = await Promise.all([
    evaluateProduct(db, product, at),
    productSlaHistory(db, product.id),
    foreignWrites(db, product.id),
  ]);
  return {
    product: `${domain}/${name}`,
    evaluatedAt: at.toISOString(),
    current,
    history,
    foreignWrites: foreign,
  };
}

function isStatus(value: string): value is SlaStatus {
  return (SLA_STATUSES as readonly string[]).includes(value);
}

/** The latest overall SLA status of each product of `scope` still in service, worst first. */
export async function slaSummary(db: Db, scope: ProductScope): Promise<SlaSummary> {
  await caughtUp(db);
  const rows = await db.$queryRawUnsafe<
    {
      domain: string;
      name: string;
      product_status: string;
      status: string;
      reason: string | null;
      at: Date;
    }[]
  >(
    `SELECT DISTINCT ON (e.product_id) p.domain, p.name, p.status::text AS product_status, e.status,
       e.detail->>'reason' AS reason, e.evaluated_at AS at
     FROM sla_evaluations e JOIN data_products p ON p.id = e.product_id
     WHERE e."check" = 'overall' AND p.status <> 'decommissioned'
     ORDER BY e.product_id, e.evaluated_at DESC, e.id DESC`,
  );
  const counts = Object.fromEntries(SLA_STATUSES.map((s) => [s, 0])) as Record<SlaStatus, number>;
  const products = rows.flatMap((row) => {
    if (!isStatus(row.status)) return [];
    if (!productInScope(scope, { domain: row.domain, status: row.product_status })) return [];
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

/**
 * The `withApi` options every API-key and webhook route starts from: the domain in the path, whose
 * integrations its members (and platform admins) manage.
 */
export function domainIntegrationRoute<P extends z.ZodType<{ slug: string }>>(
  params: P,
  what: "API keys" | "webhooks",
) {
  return {
    auth: "user" as const,
    params,
    // A domain that does not exist has no keys or webhooks to list or add (404, not a 500).
    load: ({ db, params: { slug } }: { db: Db; params: { slug: string } }) =>
      domainOrThrow(db, slug),
    authorize: (user: UserPrincipal, input: { params: { slug: string } }) =>
      canManageDomainIntegrations(user, input.params.slug),
    forbidden: `only the domain's members (and platform admins) manage its ${what}`,
  };
}

/** Issues a key for the domain's OpenLineage producers; the response is the only time it shows. */
export async function issueApiKey(
  db: Db,
  domain: string,
  label: string,
  user: UserPrincipal,
  audit: Audit,
): Promise<ApiKey & { key: string }> {
  const { key, row } = await createApiKey(db, domain, label, user.userId);
  await audit({
    action: "api-key.created",
    entityType: "api-key",
    entityId: row.id,
    after: { domain, label: row.label, prefix: row.prefix, scopes: row.scopes },
  });
  return { ...apiKeyView(row), key };
}

/** Revokes the key at once: the next request with it gets a 401. */
export async function revokeDomainApiKey(
  db: Db,
  domain: string,
  id: string,
  audit: Audit,
): Promise<ApiKey> {
  const row = await revokeApiKey(db, domain, id, now());
  await audit({
    action: "api-key.revoked",
    entityType: "api-key",
    entityId: row.id,
    after: { domain, label: row.label, revokedAt: row.revokedAt },
  });
  return apiKeyView(row);
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

function newWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString("base64url")}`;
}

/** Subscribes a URL to the domain's SLA breaches; the signing secret is shown this once. */
export async function createWebhook(
  db: Db,
  domain: string,
  url: string,
  user: UserPrincipal,
  audit: Audit,
): Promise<Webhook & { secret: string }> {
  // A name that does not resolve yet is accepted: every delivery checks the target again.
  const target = await checkWebhookTarget(url);
  if (!target.ok && target.unresolved !== true)
    throw new ValidationError([{ path: "url", message: target.reason }]);
  const secret = newWebhookSecret();
  const row = await db.webhookSubscription.create({
    data: { domain, url, secret, createdById: user.userId },
  });
  await audit({
    action: "webhook.created",
    entityType: "webhook",
    entityId: row.id,
    after: { domain, url: row.url },
  });
  return {
    id: row.id,
    url: row.url,
    createdAt: row.createdAt.toISOString(),
    disabledAt: null,
    deliveries: [],
    secret,
  };
}

/** Stops notifications to this URL; its delivery log is kept. */
export async function disableWebhook(
  db: Db,
  domain: string,
  id: string,
  audit: Audit,
): Promise<void> {
  const row = await db.webhookSubscription.findFirst({ where: { id, domain } });
  if (row === null) throw new NotFoundError(`no webhook ${id} in ${domain}`);
  await db.webhookSubscription.update({ where: { id: row.id }, data: { disabledAt: now() } });
  await audit({
    action: "webhook.disabled",
    entityType: "webhook",
    entityId: row.id,
    before: { url: row.url },
  });
}

type ScopedProduct = Awaited<ReturnType<typeof productOrThrow>>;

/**
 * Records a probe result of the product (which the key's domain owns: authz.ts `canRecordProbe`)
 * and the SLA it makes; audited as the key.
 */
export async function recordProbe(
  db: Db,
  product: ScopedProduct,
  body: {
    product: string;
    ok: boolean;
    statusCode?: number | undefined;
    latencyMs?: number | undefined;
    error?: string | undefined;
    at?: string | undefined;
  },
  audit: Audit,
): Promise<{ id: string; availability: SlaReport["availability"] }> {
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
  const report = await recordProductSla(db, product, now());
  await audit({
    action: "availability-probe.recorded",
    entityType: "availability-probe",
    entityId: probe.id,
    after: { product: body.product, ok: body.ok, statusCode: body.statusCode ?? null },
  });
  return { id: probe.id, availability: report.availability };
}

/** The product a probe result is about, as the key's scope shows it (404 outside it). */
export function probedProduct(db: Db, key: LineageKeyPrincipal, ref: string) {
  const { domain, name } = splitProductRef(ref);
  return productOrThrow(db, lineageKeyScope(key), domain, name);
}

/** The dataset of a manual link with its ownership, and the product (of the user's scope) it names. */
export async function linkTarget(
  db: Db,
  user: UserPrincipal,
  link: { namespace: string; name: string; product: string },
) {
  const dataset = await linkedDataset(db, link);
  const { domain, name } = splitProductRef(link.product);
  const product = await productOrThrow(db, productScope(user), domain, name);
  return { dataset, product };
}

/** A reported dataset with its current link and the product its name matches. */
export async function linkedDataset(db: Db, dataset: { namespace: string; name: string }) {
  return { ...dataset, ...(await datasetOwnership(db, dataset)) };
}
