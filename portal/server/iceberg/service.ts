import "server-only";
/**
 * The Iceberg REST catalog's operations over Meshplane's state: namespaces are domains, tables are
 * data products' Iceberg tables (`iceberg_tables`), and every write goes through
 * workflow/iceberg-catalog.ts's compare-and-swap. The route handlers under
 * portal/app/api/iceberg/v1 stay thin over these; who may do what is authz.ts's (mayReadTable,
 * mayCommitTable), decided in withApi before any of these writes.
 */
import { createHash } from "node:crypto";
import { z } from "zod";
import { portalConfig } from "#config";
import { DataProductOutputs } from "#contract";
import {
  ICEBERG_PREFIX,
  homeConfig,
  homeRefusal,
  icebergCatalogUri,
  tableHome,
  type TableHome,
} from "#core/iceberg-catalog";
import { rawRows, type Db } from "#db/client";

import {
  IcebergSchema,
  PartitionSpec,
  jsonMap,
  SortOrder,
  type TableMetadata,
} from "#lib/iceberg/table-metadata";
import {
  InvalidUpdate,
  RequirementFailed,
  TableRequirement,
  TableUpdate,
  applyUpdates,
  createUpdates,
  emptyTableMetadata,
} from "#lib/iceberg/updates";
import {
  CommitConflict,
  createCatalogTable,
  planCommit,
  swap,
  parseStoredMetadata,
  readMetadataFile,
  orRemoveMetadataFile,
  registerCatalogTable,
  removeMetadataFiles,
  SYSTEM_CLOCK,
  type CatalogTableRow,
  type CommittedTable,
  committedAudit,
} from "#workflow/iceberg-catalog";
import { GRANTED_CLASSIFICATIONS, type CatalogGrant } from "#core/access";
import { approvedGrantRows, catalogGrant } from "#workflow/access";
import {
  catalogProductScope,
  mayReadTable,
  mayUseTableLocation,
  productInScope,
  type CatalogPrincipal,
} from "../authz";
import { alreadyExists, noSuchNamespace, noSuchTable, IcebergError } from "./errors";
import { reportCatalogChange, reportsSchema } from "#workflow/catalog-lineage";
import type { Audit, AuditEntry, AuditRow } from "#workflow/audit";
import { noteStored } from "../lineage/queue-watch";
import { StaleResource } from "../api";

/**
 * The catalog's DatasetEvent for a new table or a new current schema
 * (workflow/catalog-lineage.ts). Returns how many events were stored, for the route's
 * projectionAfter.
 */
async function reportChange(
  db: Db,
  product: ProductForTable,
  before: TableMetadata | undefined,
  after: TableMetadata,
): Promise<number> {
  const uri = icebergCatalogUri(portalConfig().publicUrl);
  const stored = await reportCatalogChange(db, product, before, after, uri);
  if (stored > 0) noteStored();
  return stored;
}

// ─── Wire shapes (the REST spec's request bodies and parameters) ─────────────────────────────

/** Namespaces are one level (a domain): the spec's `%1F`-joined multi-level form has no match. */
export const NamespaceParams = z.object({
  prefix: z.literal(ICEBERG_PREFIX),
  namespace: z.string().min(1),
});
export const TableParams = NamespaceParams.extend({ table: z.string().min(1) });
export const PrefixParams = z.object({ prefix: z.literal(ICEBERG_PREFIX) });

export const ListNamespacesQuery = z.object({
  parent: z.string().optional(),
  pageToken: z.string().optional(),
  pageSize: z.coerce.number().int().positive().optional(),
});

export const TableIdentifier = z.object({
  namespace: z.array(z.string()),
  name: z.string().min(1),
});

export const CommitTableRequest = z.object({
  identifier: TableIdentifier.optional(),
  requirements: z.array(TableRequirement),
  updates: z.array(TableUpdate),
});
export type CommitTableRequest = z.infer<typeof CommitTableRequest>;

export const CommitTransactionRequest = z.object({
  "table-changes": z.array(CommitTableRequest.extend({ identifier: TableIdentifier })).min(1),
});

export const CreateTableRequest = z.object({
  name: z.string().min(1),
  location: z.string().min(1).optional(),
  schema: IcebergSchema,
  "partition-spec": PartitionSpec.optional(),
  "write-order": SortOrder.optional(),
  "stage-create": z.boolean().optional(),
  properties: jsonMap(z.string()).optional(),
});
export type CreateTableRequest = z.infer<typeof CreateTableRequest>;

export const RegisterTableRequest = z.object({
  name: z.string().min(1),
  "metadata-location": z.string().min(1),
  overwrite: z.boolean().optional(),
});

// ─── Config ──────────────────────────────────────────────────────────────────────────────────

/** Exactly the endpoints served (the spec's `endpoints` list, `<METHOD> <path>`). */
export const IMPLEMENTED_ENDPOINTS = [
  "GET /v1/{prefix}/namespaces",
  "GET /v1/{prefix}/namespaces/{namespace}",
  "HEAD /v1/{prefix}/namespaces/{namespace}",
  "GET /v1/{prefix}/namespaces/{namespace}/tables",
  "POST /v1/{prefix}/namespaces/{namespace}/tables",
  "GET /v1/{prefix}/namespaces/{namespace}/tables/{table}",
  "HEAD /v1/{prefix}/namespaces/{namespace}/tables/{table}",
  "POST /v1/{prefix}/namespaces/{namespace}/tables/{table}",
  "POST /v1/{prefix}/namespaces/{namespace}/register",
  "POST /v1/{prefix}/transactions/commit",
] as const;

export function catalogConfig() {
  const uri = icebergCatalogUri(portalConfig().publicUrl);
  return {
    defaults: { "oauth2-server-uri": `${uri}/v1/oauth/tokens` },
    overrides: { prefix: ICEBERG_PREFIX },
    endpoints: [...IMPLEMENTED_ENDPOINTS],
  };
}

// ─── Namespaces ──────────────────────────────────────────────────────────────────────────────

export async function listNamespaces(db: Db, parent: string | undefined) {
  if (parent !== undefined) {
    // One level: a domain has no child namespaces.
    await loadNamespace(db, parent);
    return { namespaces: [] };
  }
  const domains = await db.domain.findMany({ orderBy: { slug: "asc" }, select: { slug: true } });
  return { namespaces: domains.map((domain) => [domain.slug]) };
}

export async function loadNamespace(db: Db, namespace: string) {
  const domain = await db.domain.findUnique({ where: { slug: namespace } });
  if (domain === null) throw noSuchNamespace(namespace);
  return {
    namespace: [domain.slug],
    properties: { name: domain.name, description: domain.description },
  };
}

// ─── Tables ──────────────────────────────────────────────────────────────────────────────────

export interface ProductForTable {
  id: string;
  domain: string;
  name: string;
  cloud: string;
  status: string;
  classification: string;
  outputs: unknown;
}

/** A product's table as a route loads it: the product (always) and its catalog row (if any). */
export interface TableResource {
  product: ProductForTable;
  row: CatalogTableRow | null;
  /** The product's approved grants, for `mayReadTable` (none loaded for public and internal). */
  grants: CatalogGrant[];
  /** When the request is decided: a grant past its end date no longer reads. */
  now: Date;
}

/** The stored grants `mayReadTable` weighs for these products, keyed by product id. */
async function grantsOf(db: Db, products: readonly ProductForTable[]) {
  const granted = products.filter((product) =>
    (GRANTED_CLASSIFICATIONS as readonly string[]).includes(product.classification),
  );
  const byId = new Map<string, CatalogGrant[]>(products.map((product) => [product.id, []]));
  for (const product of granted) {
    const ref = `${product.domain}/${product.name}`;
    byId.set(
      product.id,
      (await approvedGrantRows(db, product.id)).map((row) => catalogGrant(row, ref)),
    );
  }
  return byId;
}

const PRODUCT_FIELDS = {
  id: true,
  domain: true,
  name: true,
  cloud: true,
  status: true,
  classification: true,
  outputs: true,
} as const;

/** A product and its catalog row (all null when it has none), read in one statement. */
type ProductTableRow = ProductForTable & {
  [K in "tableId" | "tableProductId" | "metadataLocation" | "metadata"]: string | null;
} & { version: number | null; updatedAt: Date | null };

/**
 * The product named by `namespace.table` with its catalog row, one statement (the catalog's hot
 * path: every load and commit starts here), as missing (404) when the caller may not even know of
 * it (another domain's unpublished product); whether it may read or commit is authorize's.
 */
export async function loadTableResource(
  db: Db,
  principal: CatalogPrincipal,
  namespace: string,
  table: string,
  /** Where the table's metadata text is remembered between loads (head-cache.ts). */
  texts?: TextStore,
): Promise<TableResource> {
  const known = texts?.get(namespace, table);
  const { product, row } = await readProductTable(db, principal, namespace, table, known);
  if (row !== null && !sameHead(row, known))
    texts?.remember(namespace, table, {
      metadataLocation: row.metadataLocation,
      updatedAt: row.updatedAt,
      metadata: row.metadata,
    });
  return {
    product,
    row,
    grants: (await grantsOf(db, [product])).get(product.id) ?? [],
    now: new Date(),
  };
}

/**
 * A table's metadata text as this process last read it: every write of the row moves its
 * `updated_at` (Prisma's @updatedAt, `now()` in the swap), and the location names an immutable
 * file, so while the row still has both the text is the stored one.
 */
export interface KnownText {
  metadataLocation: string;
  updatedAt: Date;
  metadata: string;
}

/** Where loads remember the metadata text they read (head-cache.ts TableTextCache). */
export interface TextStore {
  get(namespace: string, table: string): KnownText | undefined;
  remember(namespace: string, table: string, text: KnownText): void;
}

// The stored metadata (tens of KB, TOASTed) is sent only when the row no longer has the location
// and update time the caller knows the text of ($3, $4; null: it knows none).
const PRODUCT_TABLE_READ = `
    SELECT p."id", p."domain", p."name", p."cloud"::text AS "cloud", p."status"::text AS "status",
           p."classification"::text AS "classification", p."outputs",
           t."id" AS "tableId", t."product_id" AS "tableProductId",
           t."metadata_location" AS "metadataLocation",
           CASE WHEN t."metadata_location" = $3 AND t."updated_at" = $4 THEN NULL
                ELSE t."metadata" END AS "metadata",
           t."version", t."updated_at" AS "updatedAt"
      FROM "data_products" p
      LEFT JOIN "iceberg_tables" t ON t."namespace" = p."domain" AND t."name" = p."name"
     WHERE p."domain" = $1 AND p."name" = $2`;

function sameHead(row: CatalogTableRow, known: KnownText | undefined): boolean {
  return (
    known !== undefined &&
    row.metadataLocation === known.metadataLocation &&
    row.updatedAt.getTime() === known.updatedAt.getTime()
  );
}

async function readProductTable(
  db: Db,
  principal: CatalogPrincipal,
  namespace: string,
  table: string,
  known?: KnownText,
): Promise<{ product: ProductForTable; row: CatalogTableRow | null }> {
  // Through pg when outside a transaction: this statement is all a load reads.
  const [found] = await rawRows<ProductTableRow>(db, PRODUCT_TABLE_READ, [
    namespace,
    table,
    known?.metadataLocation ?? null,
    known?.updatedAt ?? null,
  ]);
  if (found === undefined) return missingTable(db, namespace, table);
  const {
    tableId,
    tableProductId,
    metadataLocation,
    metadata: sent,
    version,
    updatedAt,
    ...product
  } = found;
  const metadata = sent ?? (metadataLocation === null ? null : (known?.metadata ?? null));
  if (!productInScope(catalogProductScope(principal), product))
    return missingTable(db, namespace, table);
  const row =
    tableId === null ||
    tableProductId === null ||
    metadataLocation === null ||
    metadata === null ||
    version === null ||
    updatedAt === null
      ? null
      : {
          id: tableId,
          namespace,
          name: table,
          productId: tableProductId,
          metadataLocation,
          metadata,
          version,
          updatedAt,
        };
  return { product, row };
}

/**
 * What a commit acts on: the product (what authorization decides on) and its catalog row, with
 * the row's metadata parsed when it was at hand (a cached head).
 */
export interface CommitResource {
  product: ProductForTable;
  row: CatalogTableRow | null;
  metadata?: TableMetadata;
}

/** A table's head as a process remembers it (head-cache.ts), with the product it belongs to. */
export interface CachedHead {
  product: ProductForTable;
  row: CatalogTableRow;
  /** `row.metadata` parsed (the commit plans on it; never mutated: updates build new objects). */
  metadata: TableMetadata;
}

/** Where commits remember and forget heads (head-cache.ts TableHeadCache). */
export interface HeadStore {
  remember(head: CachedHead): void;
  forget(namespace: string, table: string): void;
}

/** A commit's resource read afresh; a table Meshplane holds is remembered in `heads`. */
export async function loadCommitResource(
  heads: HeadStore,
  db: Db,
  principal: CatalogPrincipal,
  namespace: string,
  table: string,
): Promise<CommitResource> {
  const { product, row } = await readProductTable(db, principal, namespace, table);
  if (row === null || homeOf(product).kind !== "meshplane") {
    heads.forget(namespace, table);
    return { product, row };
  }
  const metadata = parseStoredMetadata(row.metadata);
  heads.remember({ product, row, metadata });
  return { product, row, metadata };
}

/** 404 NoSuchNamespace when the domain does not exist, else NoSuchTable. */
async function missingTable(db: Db, namespace: string, table: string): Promise<never> {
  await loadNamespace(db, namespace);
  throw noSuchTable(namespace, table);
}

/**
 * Tables of the namespace the caller may read: catalog rows, and live GCP (BigLake) products
 * without one (deployed before their metadata was exported).
 */
export async function listTables(db: Db, principal: CatalogPrincipal, namespace: string) {
  await loadNamespace(db, namespace);
  const rows = await db.icebergTable.findMany({
    where: { namespace },
    include: { product: { select: PRODUCT_FIELDS } },
  });
  const bigLake = await db.dataProduct.findMany({
    where: { domain: namespace, cloud: "gcp", status: "live", tables: { none: {} } },
    select: PRODUCT_FIELDS,
  });
  const products = [...rows.map((row) => row.product), ...bigLake].sort((a, b) =>
    a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
  );
  const grants = await grantsOf(db, products);
  const now = new Date();
  return {
    identifiers: products
      .filter((product) => mayReadTable(principal, product, grants.get(product.id) ?? [], now))
      .map((product) => ({ namespace: [product.domain], name: product.name })),
  };
}

/** Where the product's table is committed (core/iceberg-catalog.ts), from its cloud. */
export function homeOf(product: ProductForTable): TableHome {
  // Meshplane's own tables need nothing of the outputs: the hot path parses none.
  const byCloud = tableHome(product.cloud, undefined);
  if (byCloud.kind === "meshplane") return byCloud;
  const outputs = DataProductOutputs.safeParse(product.outputs);
  return tableHome(product.cloud, outputs.success ? outputs.data : undefined);
}

/**
 * Refuses a write to a table Meshplane does not hold (Glue's, BigQuery's) with 403
 * ForbiddenException naming where to write: the caller may commit, the catalog may not.
 */
export function requireWritable(product: ProductForTable): void {
  refuseFor(product, homeOf(product));
}

function refuseFor(product: ProductForTable, home: TableHome): void {
  const refusal = homeRefusal(home, `${product.domain}.${product.name}`);
  if (refusal !== undefined) throw new IcebergError(403, "ForbiddenException", refusal);
}

/** A live GCP product's table without a row: listed, its exported metadata not registered. */
function isBigLakeTable(resource: TableResource): boolean {
  return (
    resource.row === null &&
    resource.product.status === "live" &&
    homeOf(resource.product).kind === "biglake"
  );
}

/** Whether the table exists for HEAD: a catalog row or a listed BigLake table. */
export function requireListed(resource: TableResource): void {
  if (!isBigLakeTable(resource)) requireRow(resource);
}

export function requireRow(resource: TableResource): CatalogTableRow {
  // An unregistered BigLake table exists (it is listed): loading it is refused, naming its home,
  // not a 404. Unregistered is what the caller sees, whatever the outputs say (a settle that could
  // not read the exported file leaves a location and no row).
  if (isBigLakeTable(resource)) {
    const home = homeOf(resource.product);
    if (home.kind === "biglake") refuseFor(resource.product, { ...home, exported: false });
  }
  if (resource.row === null) throw noSuchTable(resource.product.domain, resource.product.name);
  return resource.row;
}

/** Strong ETag of a table's current version: changes exactly when its metadata file does. */
export function tableEtag(row: CatalogTableRow): string {
  return `"${createHash("sha256").update(row.metadataLocation).digest("base64url")}"`;
}

/** Whether an If-None-Match header names the current version (or `*`). */
export function notModified(ifNoneMatch: string | null, etag: string): boolean {
  if (ifNoneMatch === null) return false;
  return ifNoneMatch
    .split(",")
    .map((tag) => tag.trim().replace(/^W\//, ""))
    .some((tag) => tag === "*" || tag === etag);
}

/** LoadTableResult / CommitTableResponse bodies. */
export function loadResult(table: { metadataLocation: string; metadata: TableMetadata }) {
  return { "metadata-location": table.metadataLocation, metadata: table.metadata, config: {} };
}

/**
 * LoadTableResult as JSON text. The stored metadata is lossless JSON already (every write stores
 * `stringifyJsonLossless` of validated metadata), so it is spliced in as it is rather than parsed,
 * re-validated and written out again on every load.
 */
export function loadTableText(row: CatalogTableRow, product: ProductForTable): string {
  const config = JSON.stringify(homeConfig(homeOf(product)));
  return `{"metadata-location":${JSON.stringify(row.metadataLocation)},"metadata":${row.metadata},"config":${config}}`;
}

/** CommitTableResponse as JSON text, from the metadata text the commit stored. */
export function commitResponseText(committed: CommittedTable): string {
  return `{"metadata-location":${JSON.stringify(committed.metadataLocation)},"metadata":${committed.text}}`;
}

/** Where a new table of the product goes: the request's location, else the product's storage. */
function locationFor(product: ProductForTable, requested: string | undefined): string {
  if (requested !== undefined) return requested;
  const root = storageRootOf(product);
  if (root !== undefined) return root;
  throw new InvalidUpdate(
    `${product.domain}/${product.name} is not deployed yet: give the table a location`,
  );
}

const StorageRoot = z.looseObject({ storageUri: DataProductOutputs.shape.storageUri });

/** The product's storage, its deployment's `storageUri`; undefined before it is deployed. */
function storageRootOf(product: ProductForTable): string | undefined {
  const outputs = StorageRoot.safeParse(product.outputs);
  return outputs.success ? outputs.data.storageUri : undefined;
}

/**
 * 403 unless `location` is under the product's own storage (authz.ts `mayUseTableLocation`):
 * checked before the catalog reads or writes a file there.
 */
function requireOwnLocation(product: ProductForTable, location: string): void {
  const root = storageRootOf(product);
  if (mayUseTableLocation(root, location)) return;
  const table = `${product.domain}.${product.name}`;
  throw new IcebergError(
    403,
    "ForbiddenException",
    root === undefined
      ? `${table} is not deployed yet: its table has no storage to use`
      : `${location} is outside ${table}'s storage ${root}: a table's files stay under its product's storage`,
  );
}

function uuidOf(updates: readonly TableUpdate[]): string | undefined {
  for (const update of updates) if (update.action === "assign-uuid") return update.uuid;
  return undefined;
}

function locationOf(updates: readonly TableUpdate[]): string | undefined {
  let location: string | undefined;
  for (const update of updates) if (update.action === "set-location") location = update.location;
  return location;
}

/** CreateTableRequest: a new table (version 1), or with stage-create its metadata unwritten. */
export async function createTable(
  db: Db,
  resource: TableResource,
  request: CreateTableRequest,
): Promise<
  (ReturnType<typeof loadResult> & { events: number }) | { metadata: TableMetadata; config: object }
> {
  const { product } = resource;
  requireWritable(product);
  if (resource.row !== null) throw alreadyExists(product.domain, product.name);
  const location = locationFor(product, request.location);
  requireOwnLocation(product, location);
  const updates = createUpdates(request);
  if (request["stage-create"] === true) {
    const nowMs = Date.now();
    const metadata = applyUpdates(
      emptyTableMetadata(crypto.randomUUID(), location, nowMs),
      updates,
      nowMs,
    );
    return { metadata, config: {} };
  }
  const created = await createNew(db, product, location, updates);
  return {
    ...loadResult(created),
    events: await orRemoveMetadataFile(created.metadataLocation, () =>
      reportChange(db, product, undefined, created.metadata),
    ),
  };
}

async function createNew(
  db: Db,
  product: ProductForTable,
  location: string,
  updates: readonly TableUpdate[],
): Promise<CommittedTable> {
  try {
    return await createCatalogTable(
      db,
      { namespace: product.domain, name: product.name, productId: product.id, location },
      updates.filter((update) => update.action !== "assign-uuid"),
      SYSTEM_CLOCK,
      uuidOf(updates),
    );
  } catch (error) {
    if (error instanceof Error && "code" in error && error.code === "P2002")
      throw alreadyExists(product.domain, product.name);
    throw error;
  }
}

/** How a commit writes: withApi's transaction and audit row (ApiContext). */
export interface CommitWriter {
  db: Db;
  transaction: <T>(work: (tx: Db, audit: Audit) => Promise<T>) => Promise<T>;
  auditRow: (entry: AuditEntry) => AuditRow;
}

/** The commit route's head cache, and whether the resource came from it (withApi `cached`). */
export interface HeadCacheUse {
  heads: HeadStore;
  cached: boolean;
}

/**
 * CommitTableRequest on one table: an existing table moves by compare-and-swap; a missing one is
 * created when the commit asserts it does not exist (a staged create's commit). A commit that
 * keeps the current schema is one statement, the swap with its product guard and audit row; one
 * that creates the table or changes its schema also records the catalog's DatasetEvent, in a
 * transaction. With `cache`, the new head is remembered; a commit planned on a cached head that
 * fails its requirements, its updates or its swap throws StaleResource (withApi re-reads it and
 * tries once more), so only fresh data answers 409 or 400.
 */
export async function commit(
  writer: CommitWriter,
  resource: CommitResource,
  request: CommitTableRequest,
  cache?: HeadCacheUse,
): Promise<CommittedTable & { created: boolean; events: number }> {
  const { product, row } = resource;
  requireWritable(product);
  checkIdentifier(product, request);
  if (row === null) return createByCommit(writer, product, request);
  try {
    const current = resource.metadata ?? parseStoredMetadata(row.metadata);
    const committed = await commitExisting(
      writer,
      { product, row },
      current,
      request,
      cache?.cached,
    );
    cache?.heads.remember({ product, row: movedRow(row, committed), metadata: committed.metadata });
    return committed;
  } catch (error) {
    if (cache === undefined || !mayBeStale(error)) throw error;
    cache.heads.forget(product.domain, product.name);
    throw cache.cached ? new StaleResource() : error;
  }
}

/**
 * Failures that a head or product newer than the one planned on could have avoided (a location
 * refused by the product's storage as cached included).
 */
function mayBeStale(error: unknown): boolean {
  return (
    (error instanceof IcebergError && error.status === 403) ||
    error instanceof CommitConflict ||
    error instanceof RequirementFailed ||
    error instanceof InvalidUpdate
  );
}

/** The catalog row after a commit (the same one when the commit changed nothing). */
function movedRow(row: CatalogTableRow, committed: CommittedTable): CatalogTableRow {
  if (committed.metadataLocation === row.metadataLocation) return row;
  return {
    ...row,
    metadataLocation: committed.metadataLocation,
    metadata: committed.text,
    version: row.version + 1,
    updatedAt: new Date(),
  };
}

async function commitExisting(
  writer: CommitWriter,
  { product, row }: { product: ProductForTable; row: CatalogTableRow },
  before: TableMetadata,
  request: CommitTableRequest,
  cached = false,
): Promise<CommittedTable & { created: boolean; events: number }> {
  const next = planCommit(row, request, SYSTEM_CLOCK, before);
  if (next !== undefined) {
    // The product's storage is not in the swap's guard: a table moved to another location is
    // decided on the product as read now, never as this process cached it.
    if (cached && next.location !== before.location) throw new StaleResource();
    requireOwnLocation(product, next.location);
  }
  const guarded = {
    audit: (committed: Omit<CommittedTable, "text">) =>
      writer.auditRow(committedAudit(product, row.metadataLocation, committed, false)),
    product,
  };
  if (next === undefined) {
    // Nothing to write: the audit entry still records the (empty) commit, as before.
    const unchanged = {
      metadataLocation: row.metadataLocation,
      metadata: before,
      text: row.metadata,
    };
    await writer.transaction((_tx, audit) =>
      audit(committedAudit(product, row.metadataLocation, unchanged, false)),
    );
    return { ...unchanged, created: false, events: 0 };
  }
  if (!reportsSchema(before, next)) {
    const committed = await swap(writer.db, row, next, SYSTEM_CLOCK, guarded);
    return { ...committed, created: false, events: 0 };
  }
  return writer.transaction(async (tx) => {
    const committed = await swap(tx, row, next, SYSTEM_CLOCK, guarded);
    const events = await orRemoveMetadataFile(committed.metadataLocation, () =>
      reportChange(tx, product, before, committed.metadata),
    );
    return { ...committed, created: false, events };
  });
}

function checkIdentifier(product: ProductForTable, request: CommitTableRequest): void {
  if (request.identifier === undefined) return;
  const { namespace, name } = request.identifier;
  if (namespace.join(".") !== product.domain || name !== product.name)
    throw new IcebergError(
      400,
      "BadRequestException",
      "the identifier in the body names another table than the path",
    );
}

async function createByCommit(
  writer: CommitWriter,
  product: ProductForTable,
  request: CommitTableRequest,
): Promise<CommittedTable & { created: boolean; events: number }> {
  if (!request.requirements.some((requirement) => requirement.type === "assert-create"))
    throw noSuchTable(product.domain, product.name);
  const location = locationFor(product, locationOf(request.updates));
  requireOwnLocation(product, location);
  return writer.transaction(async (tx, audit) => {
    const created = await createNew(tx, product, location, request.updates);
    return orRemoveMetadataFile(created.metadataLocation, async () => {
      const events = await reportChange(tx, product, undefined, created.metadata);
      await audit(committedAudit(product, null, created, true));
      return { ...created, created: true, events };
    });
  });
}

/**
 * CommitTransactionRequest: each table's commit in the request's one transaction (`writer`'s
 * `transaction` reuses it), so a failing table rolls every table back; the metadata files the
 * tables before it wrote are removed then (nothing refers to them). How many DatasetEvents were
 * stored.
 */
export async function commitTables(
  writer: CommitWriter,
  tables: readonly TableResource[],
  changes: readonly CommitTableRequest[],
): Promise<number> {
  const written: string[] = [];
  try {
    let events = 0;
    for (const [index, change] of changes.entries()) {
      const table = tables[index];
      if (table === undefined) continue;
      const committed = await commit(writer, table, change);
      if (committed.metadataLocation !== table.row?.metadataLocation)
        written.push(committed.metadataLocation);
      events += committed.events;
    }
    return events;
  } catch (error) {
    await removeMetadataFiles(written);
    throw error;
  }
}

export async function register(
  db: Db,
  resource: TableResource,
  request: z.infer<typeof RegisterTableRequest>,
) {
  const { product } = resource;
  requireWritable(product);
  if (resource.row !== null && request.overwrite !== true)
    throw alreadyExists(product.domain, product.name);
  const location = request["metadata-location"];
  requireOwnLocation(product, location);
  const metadata = await readMetadataFile(location);
  // The table's own location too: the next commit writes its metadata file there.
  requireOwnLocation(product, metadata.location);
  const registered = await registerCatalogTable(
    db,
    { namespace: product.domain, name: product.name, productId: product.id },
    location,
    metadata,
    request.overwrite === true,
  );
  const before = resource.row === null ? undefined : parseStoredMetadata(resource.row.metadata);
  const events = await reportChange(db, product, before, registered.metadata);
  return { registered, body: loadResult(registered), events };
}
