import "server-only";
/**
 * Data products: what the catalog shows, and the registration the Pulumi components send on every
 * deployment (upsert) and decommission (delete marks it decommissioned; its data is retained).
 */
import { DataProductSpec, type CatalogRegistration, type DataProductOutputs } from "#contract";
import type { Db } from "#db/client";
import { isDeprecated } from "#core/sunset";
import { maskForDisplay } from "#lib/masking";
import type { Audit } from "#workflow/audit";
import { declaredConsumers } from "#workflow/consumers";
import { markProductDecommissioned, markProductLive } from "#workflow/product-status";
import type { CatalogEvent, ProductDetail, ProductSummary } from "../shared/api-schemas";
import {
  canReadProduct,
  PUBLISHED_PRODUCT_STATUSES,
  type ProductScope,
  type UserPrincipal,
} from "./authz";
import { pageOf } from "./pagination";
import { productTableSchema } from "./table-schema";
import { ConflictError, NotFoundError, ValidationError } from "./problems";

export interface ProductRow {
  domain: string;
  name: string;
  displayName: string;
  description: string;
  tier: string;
  classification: string;
  cloud: string;
  region: string;
  ownerTeam: string;
  status: string;
  tags: unknown;
  updatedAt: Date;
  sunsetAt: Date | null;
}

export function toProductSummary(row: ProductRow): ProductSummary {
  return {
    domain: row.domain,
    name: row.name,
    displayName: row.displayName,
    description: row.description,
    tier: row.tier as ProductSummary["tier"],
    classification: row.classification as ProductSummary["classification"],
    cloud: row.cloud as ProductSummary["cloud"],
    region: row.region,
    ownerTeam: row.ownerTeam,
    status: row.status as ProductSummary["status"],
    tags: (row.tags ?? {}) as Record<string, string>,
    updatedAt: row.updatedAt.toISOString(),
    deprecated: isDeprecated(row),
    sunsetAt: row.sunsetAt?.toISOString() ?? null,
  };
}

export interface ProductListFilters {
  page: number;
  pageSize: number;
  domain?: string | undefined;
  status?: ProductSummary["status"] | undefined;
}

/** The products of `scope` (authz.ts `productScope`) as a query condition. */
export function productScopeWhere(scope: ProductScope) {
  if (scope.unpublished === "all") return {};
  return {
    OR: [
      { status: { in: [...PUBLISHED_PRODUCT_STATUSES] } },
      { domain: { in: [...scope.unpublished] } },
    ],
  };
}

export async function listProducts(client: Db, scope: ProductScope, filters: ProductListFilters) {
  const where = {
    ...productScopeWhere(scope),
    ...(filters.domain === undefined ? {} : { domain: filters.domain }),
    ...(filters.status === undefined ? {} : { status: filters.status }),
  };
  return pageOf(
    filters,
    async (window) =>
      (
        await client.dataProduct.findMany({
          where,
          orderBy: [{ domain: "asc" }, { name: "asc" }],
          ...window,
        })
      ).map(toProductSummary),
    () => client.dataProduct.count({ where }),
  );
}

/** A product the viewer may not see is answered as missing, like another domain's request. */
export async function getProductOrThrow(
  client: Db,
  viewer: UserPrincipal,
  domain: string,
  name: string,
): Promise<ProductDetail> {
  const row = await client.dataProduct.findUnique({
    where: { domain_name: { domain, name } },
    include: { deployments: { orderBy: { createdAt: "desc" }, take: 50 } },
  });
  if (row === null || !canReadProduct(viewer, row))
    throw new NotFoundError(`no product ${domain}/${name}`);
  const spec = DataProductSpec.parse(row.spec);
  const ref = `${domain}/${name}`;
  const [upstreamRows, downstreamRows, registrations, tableSchema] = await Promise.all([
    client.dataProduct.findMany({
      where: { OR: spec.inputs.map((input) => splitRef(input)) },
      select: { domain: true, name: true, status: true },
    }),
    declaredConsumers(client, ref),
    catalogEvents(client, ref),
    productTableSchema(client, row, spec),
  ]);
  // Another domain's unpublished product reads as not registered, and is no one's downstream.
  const visible = (product: { domain: string; status: string }) => canReadProduct(viewer, product);
  const registered = new Set(
    upstreamRows.filter(visible).map((product) => `${product.domain}/${product.name}`),
  );
  return {
    ...toProductSummary(row),
    // Shown masked (an Azure artifact's SAS signature); deploys read the stored spec.
    spec: maskForDisplay(spec),
    outputs: maskForDisplay(row.outputs as DataProductOutputs | null),
    environment: row.environment,
    stack: row.stackName,
    upstream: spec.inputs.map((input) => ({ ref: input, registered: registered.has(input) })),
    downstream: downstreamRows
      .filter(visible)
      .map((product) => `${product.domain}/${product.name}`),
    deployments: row.deployments.map((deployment) => ({
      id: deployment.id,
      operation: deployment.operation,
      status: deployment.status,
      stack: deployment.stackName,
      createdAt: deployment.createdAt.toISOString(),
      finishedAt: deployment.finishedAt?.toISOString() ?? null,
    })),
    registrations,
    tableSchema,
  };
}

const CATALOG_EVENTS = ["registered", "updated", "decommissioned"] as const;

/** Registrations are audited; the audit log is their history. */
async function catalogEvents(client: Db, ref: string): Promise<CatalogEvent[]> {
  const entries = await client.auditLog.findMany({
    where: {
      entityType: "product",
      entityId: ref,
      action: { in: CATALOG_EVENTS.map((e) => `product.${e}`) },
    },
    orderBy: { at: "desc" },
    take: 50,
    select: { action: true, after: true, at: true },
  });
  return entries.map((entry) => {
    const after = (entry.after ?? {}) as { environment?: string; stack?: string };
    return {
      event: entry.action.replace("product.", "") as CatalogEvent["event"],
      environment: after.environment ?? null,
      stack: after.stack ?? null,
      at: entry.at.toISOString(),
    };
  });
}

function splitRef(ref: string): { domain: string; name: string } {
  const [domain = "", name = ""] = ref.split("/");
  return { domain, name };
}

/**
 * Upsert from a deployment. Returns whether the product was new to the catalog.
 *
 * A product (unique on domain and name) is live in one environment, from one stack: while it is
 * live, a registration from another stack is refused (409) instead of overwriting the live
 * entry's outputs and environment. Once it is not live, any stack may register it.
 */
export async function registerProduct(
  client: Db,
  domain: string,
  name: string,
  registration: CatalogRegistration,
  audit: Audit,
): Promise<{ created: boolean }> {
  if (registration.spec.domain !== domain || registration.spec.name !== name) {
    throw new ValidationError([
      {
        path: "spec",
        message: `describes ${registration.spec.domain}/${registration.spec.name}, not ${domain}/${name}`,
      },
    ]);
  }
  if ((await client.domain.findUnique({ where: { slug: domain } })) === null) {
    throw new ValidationError([
      {
        path: "spec.domain",
        message: `domain ${domain} does not exist in the portal; create it first`,
      },
    ]);
  }
  const before = await client.dataProduct.findUnique({ where: { domain_name: { domain, name } } });
  if (
    before?.status === "live" &&
    before.stackName !== null &&
    before.stackName !== registration.stack
  ) {
    throw new ConflictError(
      `${domain}/${name} is live from stack ${before.stackName} (environment ` +
        `${before.environment ?? "unknown"}); stack ${registration.stack} (environment ` +
        `${registration.environment}) cannot register it too: a product lives in one environment ` +
        `at a time. Decommission it (destroy ${before.stackName}) first, or deploy this stack's ` +
        `product under another name.`,
    );
  }
  await markProductLive(client, registration);
  const event = before === null ? "registered" : "updated";
  await audit({
    action: `product.${event}`,
    entityType: "product",
    entityId: `${domain}/${name}`,
    before:
      before === null
        ? undefined
        : { spec: before.spec, outputs: before.outputs, status: before.status },
    after: {
      environment: registration.environment,
      stack: registration.stack,
      spec: registration.spec,
      outputs: registration.outputs,
      status: "live",
    },
  });
  return { created: before === null };
}

/**
 * The DELETE of a destroyed stack. `stack` (sent by MeshCatalogEntry) must be the stack that
 * registered the product: destroying another environment's stack leaves the entry alone (audited
 * as `product.decommission_skipped`). Without `stack` (a stack whose state still holds the
 * provider from before the parameter) the product is decommissioned whichever stack registered it.
 * Returns whether it was.
 */
export async function decommissionProduct(
  client: Db,
  domain: string,
  name: string,
  stack: string | undefined,
  audit: Audit,
): Promise<boolean> {
  const before = await client.dataProduct.findUnique({ where: { domain_name: { domain, name } } });
  if (before === null) throw new NotFoundError(`no product ${domain}/${name}`);
  if (stack !== undefined && stack !== before.stackName) {
    await audit({
      action: "product.decommission_skipped",
      entityType: "product",
      entityId: `${domain}/${name}`,
      before: { environment: before.environment, stack: before.stackName, status: before.status },
      after: { stack, reason: `registered by stack ${before.stackName ?? "none"}, not ${stack}` },
    });
    return false;
  }
  await markProductDecommissioned(client, before.id, audit);
  await audit({
    action: "product.decommissioned",
    entityType: "product",
    entityId: `${domain}/${name}`,
    before: { status: before.status },
    after: { environment: before.environment, stack: before.stackName, status: "decommissioned" },
  });
  return true;
}
