/**
 * Who consumes a data product, in one place: the products that declare it in `inputs`, what
 * lineage observed reading its datasets (the jobs, and the products their outputs belong to), and
 * the access grants given on it (a hook the access requests fill in). The product page, the API,
 * the request and review pages and the notifications of a breaking change or decommission all ask
 * here, so they name the same consumers.
 */
import { AccessPrincipal } from "#contract";
import type { Db } from "#db/client";
import { approvedGrantRows } from "./access";

/** How a consumer was found. */
export const CONSUMER_SOURCES = ["input", "lineage", "grant"] as const;
export type ConsumerSource = (typeof CONSUMER_SOURCES)[number];

export interface ConsumerProduct {
  /** `domain/name`. */
  ref: string;
  domain: string;
  name: string;
  status: string;
  ownerEmails: string[];
  via: ConsumerSource[];
}

/** A job observed reading one of the product's datasets, and what it wrote from it. */
export interface ObservedReader {
  namespace: string;
  name: string;
  /** Domains whose API keys reported the job reading the product's data. */
  domains: string[];
  /** Datasets the job wrote (with the product each belongs to, if any). */
  outputs: { namespace: string; name: string; product: string | null }[];
}

/** A consumer by access grant (the access requests' records). */
export interface GrantConsumer {
  domain: string;
  /** The consuming product, when the grant names one. */
  product: string | null;
  /** Whom the grant is for, as the grant states it (a role ARN, a group id, `domain`…). */
  principal: string;
}

/**
 * The access grants on a product: the approved ones not revoked and not past their end date
 * (workflow/access.ts), each naming its consuming domain and principal.
 */
export type GrantConsumerSource = (db: Db, productId: string) => Promise<GrantConsumer[]>;
export const accessGrantConsumers: GrantConsumerSource = async (db, productId) =>
  activeGrantConsumers(await approvedGrantRows(db, productId), Date.now());

/** Of approved grant rows, those not past their end date at `now`, as consumers. */
function activeGrantConsumers(
  rows: readonly { consumer: string; principal: unknown; endsAt: Date | null }[],
  now: number,
): GrantConsumer[] {
  return rows
    .filter((row) => row.endsAt === null || row.endsAt.getTime() > now)
    .map((row) => ({
      domain: row.consumer,
      product: null,
      principal: principalLabel(row.principal),
    }));
}

/** A grant's principal as one string: the ARN, object id or email, or `domain`. */
function principalLabel(principal: unknown): string {
  const parsed = AccessPrincipal.parse(principal);
  switch (parsed.kind) {
    case "aws-iam-role":
      return parsed.arn;
    case "azure-entra":
      return parsed.objectId;
    case "gcp-service-account":
      return parsed.email;
    case "domain":
      return "domain";
  }
}

export interface ProductConsumers {
  product: string;
  /** Consumer products, each once, with every way it was found. */
  products: ConsumerProduct[];
  observed: ObservedReader[];
  grants: GrantConsumer[];
  /** Domains other than the product's own that consume it: whose members and webhooks are told. */
  domains: string[];
}

interface ProductKey {
  id: string;
  domain: string;
  name: string;
}

/**
 * Which consumer products the reader of a list may see: the portal passes the viewer's product
 * scope (authz.ts `productInScope`), so another domain's unpublished product is neither listed,
 * nor counted, nor named as what an observed job wrote. Notices see every consumer: they reach
 * the consumers' own domains.
 */
export type ConsumerVisibility = (product: { domain: string; status: string }) => boolean;
export const EVERY_CONSUMER: ConsumerVisibility = () => true;

/** The products that declare `ref` as an input (the GIN index on `inputs`). */
export function declaredConsumers(db: Db, ref: string) {
  return db.dataProduct.findMany({
    where: { inputs: { has: ref } },
    select: { domain: true, name: true, status: true, ownerEmails: true },
    orderBy: [{ domain: "asc" }, { name: "asc" }],
  });
}

export interface ReaderRow {
  job_namespace: string;
  job_name: string;
  read_domains: string[];
  out_namespace: string | null;
  out_name: string | null;
  product_domain: string | null;
  product_name: string | null;
  product_status: string | null;
  owner_emails: string[] | null;
}

/** The statement behind `observedReaders` (the catalog-search benchmark times it raw). */
export const OBSERVED_READERS_SQL = `SELECT mine.product_id, j.namespace AS job_namespace, j.name AS job_name, r.domains AS read_domains,
       o.namespace AS out_namespace, o.name AS out_name,
       p.domain AS product_domain, p.name AS product_name, p.status::text AS product_status,
       p.owner_emails
     FROM dataset_product_links mine
     JOIN lineage_edges r ON r.source_id = mine.dataset_id AND r.kind = 'reads'
     JOIN lineage_nodes j ON j.id = r.target_id
     LEFT JOIN lineage_edges w ON w.source_id = j.id AND w.kind = 'writes'
     LEFT JOIN lineage_nodes o ON o.id = w.target_id
     LEFT JOIN dataset_product_links theirs ON theirs.dataset_id = o.id
     LEFT JOIN data_products p ON p.id = theirs.product_id AND p.domain = ANY(w.domains)
     WHERE mine.product_id = ANY($1::text[])
       AND (theirs.product_id IS NULL OR theirs.product_id <> mine.product_id)
     ORDER BY j.namespace, j.name, o.namespace, o.name`;

/**
 * Jobs that read the product's datasets, the datasets they write and those datasets' products. A
 * write makes its product a consumer only when that product's own domain reported it (as for
 * observed inputs and SLAs, authz.ts `countsForProduct`): another domain cannot enlist a product.
 */
async function observedReaders(
  db: Db,
  productIds: readonly string[],
): Promise<(ReaderRow & { product_id: string })[]> {
  return db.$queryRawUnsafe<(ReaderRow & { product_id: string })[]>(
    OBSERVED_READERS_SQL,
    productIds,
  );
}

export async function productConsumers(
  db: Db,
  product: ProductKey,
  grantSource: GrantConsumerSource = accessGrantConsumers,
  visible: ConsumerVisibility = EVERY_CONSUMER,
): Promise<ProductConsumers> {
  const ref = `${product.domain}/${product.name}`;
  const [declared, readers, grants] = await Promise.all([
    declaredConsumers(db, ref),
    observedReaders(db, [product.id]),
    grantSource(db, product.id),
  ]);
  return assembleConsumers(product, declared, readers, grants, visible);
}

/** How many consumers a product has: consumer products, and other domains consuming it. */
export interface ConsumerCount {
  products: number;
  domains: number;
}

/**
 * `productConsumers` for many products at once (the catalog's result pages): the same three
 * sources, read in three statements for all of them, merged by the same `assembleConsumers`, and
 * counted. The counts are the lengths of what the product page lists.
 */
export async function consumerCounts(
  db: Db,
  products: readonly ProductKey[],
  visible: ConsumerVisibility,
  now: Date = new Date(),
): Promise<Map<string, ConsumerCount>> {
  if (products.length === 0) return new Map();
  const ids = products.map((product) => product.id);
  const refs = products.map((product) => `${product.domain}/${product.name}`);
  const [declared, readers, grants] = await Promise.all([
    db.$queryRawUnsafe<(DeclaredRow & { ref: string })[]>(
      `SELECT input AS ref, p.domain, p.name, p.status::text AS status, p.owner_emails AS "ownerEmails"
       FROM data_products p CROSS JOIN LATERAL unnest(p.inputs) AS input
       WHERE p.inputs && $1::text[] AND input = ANY($1::text[])
       ORDER BY p.domain, p.name`,
      refs,
    ),
    observedReaders(db, ids),
    db.accessGrant.findMany({
      where: { productId: { in: ids }, status: "approved" },
      orderBy: { createdAt: "asc" },
    }),
  ]);
  return new Map(
    products.map((product) => {
      const ref = `${product.domain}/${product.name}`;
      const consumers = assembleConsumers(
        product,
        declared.filter((row) => row.ref === ref),
        readers.filter((row) => row.product_id === product.id),
        activeGrantConsumers(
          grants.filter((row) => row.productId === product.id),
          now.getTime(),
        ),
        visible,
      );
      return [
        product.id,
        { products: consumers.products.length, domains: consumers.domains.length },
      ];
    }),
  );
}

/** A product declaring it as an input, as `declaredConsumers` reads it. */
export interface DeclaredRow {
  domain: string;
  name: string;
  status: string;
  ownerEmails: string[];
}

/** The product a reader row's output belongs to; null for none, or one `visible` hides. */
function writtenProduct(row: ReaderRow, visible: ConsumerVisibility): DeclaredRow | null {
  if (row.product_domain === null || row.product_name === null) return null;
  const product = {
    domain: row.product_domain,
    name: row.product_name,
    status: row.product_status ?? "live",
    ownerEmails: row.owner_emails ?? [],
  };
  return visible(product) ? product : null;
}

/**
 * Merges the three sources: each consumer product once, the domains to tell. Pure. A product
 * `visible` hides is left out, and so is its domain where nothing else names it.
 */
export function assembleConsumers(
  product: Pick<ProductKey, "domain" | "name">,
  declared: readonly DeclaredRow[],
  readers: readonly ReaderRow[],
  grants: readonly GrantConsumer[],
  visible: ConsumerVisibility = EVERY_CONSUMER,
): ProductConsumers {
  const ref = `${product.domain}/${product.name}`;
  const products = new Map<string, ConsumerProduct>();
  const add = (row: Omit<ConsumerProduct, "ref" | "via">, via: ConsumerSource) => {
    const key = `${row.domain}/${row.name}`;
    if (key === ref) return;
    const known = products.get(key);
    if (known === undefined) products.set(key, { ref: key, ...row, via: [via] });
    else if (!known.via.includes(via)) known.via.push(via);
  };
  for (const row of declared) if (visible(row)) add(row, "input");
  const observed = new Map<string, ObservedReader>();
  for (const row of readers) {
    const key = `${row.job_namespace}\u0000${row.job_name}`;
    let reader = observed.get(key);
    if (reader === undefined) {
      reader = { namespace: row.job_namespace, name: row.job_name, domains: [], outputs: [] };
      observed.set(key, reader);
    }
    for (const domain of row.read_domains)
      if (!reader.domains.includes(domain)) reader.domains.push(domain);
    const written = writtenProduct(row, visible);
    const productRef = written === null ? null : `${written.domain}/${written.name}`;
    if (row.out_namespace !== null && row.out_name !== null) {
      const seen = reader.outputs.some(
        (output) => output.namespace === row.out_namespace && output.name === row.out_name,
      );
      if (!seen)
        reader.outputs.push({
          namespace: row.out_namespace,
          name: row.out_name,
          product: productRef,
        });
    }
    if (written !== null && productRef !== ref) add(written, "lineage");
  }
  for (const grant of grants) {
    if (grant.product === null) continue;
    const [domain = "", name = ""] = grant.product.split("/");
    add({ domain, name, status: "live", ownerEmails: [] }, "grant");
  }
  // A retired consumer consumes nothing any more.
  const consumers = [...products.values()].filter((entry) => entry.status !== "decommissioned");
  const domains = new Set<string>([
    ...consumers.map((entry) => entry.domain),
    ...[...observed.values()].flatMap((reader) => reader.domains),
    ...grants.map((grant) => grant.domain),
  ]);
  domains.delete(product.domain);
  return {
    product: ref,
    products: consumers.sort((a, b) => a.ref.localeCompare(b.ref)),
    observed: [...observed.values()],
    grants: [...grants],
    domains: [...domains].sort(),
  };
}
