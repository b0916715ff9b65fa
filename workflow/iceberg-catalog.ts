/**
 * The Iceberg REST catalog's state: which metadata file is each table's current one, kept in
 * `iceberg_tables`, and the one way it moves. A commit reads the table's row, checks the commit's
 * requirements against the metadata it read, writes the next metadata as a new, uniquely named
 * file next to the table (`<location>/metadata/<n>-<uuid>.metadata.json`) and then swaps the
 * row's `metadata_location` with `UPDATE … WHERE metadata_location = <the location it read>`. A
 * writer that lost the race updates no row, deletes the file it wrote (nothing refers to it) and
 * fails with CommitConflict, so two racing commits give one success and one conflict, never a
 * lost update. Runs in the caller's transaction (the portal's request, or settle's).
 *
 * Metadata files are written to `file://` (local) and `abfss://` (Azure) table locations
 * (iceberg-files.ts); AWS tables are registered read-only from the S3 file Glue names, and a
 * table elsewhere is refused (the REST answer is 400), never half-written.
 */
import { randomUUID } from "node:crypto";
import { z } from "zod";
import { parseJsonLossless, stringifyJsonLossless } from "#lib/iceberg/json";
import {
  metadataFileName,
  readTableMetadata,
  type TableMetadata,
} from "#lib/iceberg/table-metadata";
import { messageOf } from "#lib/errors";
import {
  InvalidUpdate,
  RequirementFailed,
  applyUpdates,
  checkRequirements,
  emptyTableMetadata,
  withPreviousFile,
  type TableRequirement,
  type TableUpdate,
} from "#lib/iceberg/updates";
import { DataProductOutputs } from "#contract";
import { icebergIdentifier, tableHome } from "#core/iceberg-catalog";
import { configuredMetadataFileIO, type MetadataReader } from "./iceberg-files";
import { rawExecute, type Db } from "#db/client";
import {
  auditInsertFrom,
  auditParams,
  auditRow,
  icebergTableEntityId,
  type AuditActor,
  type AuditEntry,
  type AuditRow,
} from "./audit";
import { reportCatalogChange } from "./catalog-lineage";

/** Another commit moved the table between this commit's read and its swap (REST: 409). */
export class CommitConflict extends Error {
  constructor(message: string) {
    super(message);
    this.name = "CommitConflict";
  }
}

/**
 * The table's storage did not take the next metadata file (no permission, no space, the store
 * unreachable): nothing was committed and the head did not move (REST: 503, retry later).
 */
export class MetadataWriteFailed extends Error {
  constructor(
    location: string,
    /** Not `cause`: a refused socket there would read as the database's outage (db/unavailable). */
    readonly storageError: unknown,
  ) {
    super(
      `the table's storage did not take the metadata file ${location} (${reasonOf(storageError)}): nothing was committed`,
    );
    this.name = "MetadataWriteFailed";
  }
}

/** A storage error's code (EACCES, ENOSPC, an Azure error code), else its first line. */
function reasonOf(error: unknown): string {
  if (error instanceof Error && "code" in error && typeof error.code === "string")
    return error.code;
  return messageOf(error).split("\n")[0] ?? "unknown error";
}

export interface CatalogTableRow {
  id: string;
  namespace: string;
  name: string;
  productId: string;
  metadataLocation: string;
  metadata: string;
  version: number;
  updatedAt: Date;
}

export interface CommittedTable {
  metadataLocation: string;
  metadata: TableMetadata;
  /** The metadata as JSON text, 64-bit ids exact. */
  text: string;
}

export interface CatalogClock {
  nowMs: () => number;
  newUuid: () => string;
}

export const SYSTEM_CLOCK: CatalogClock = { nowMs: () => Date.now(), newUuid: randomUUID };

export function parseStoredMetadata(text: string): TableMetadata {
  return readTableMetadata(parseJsonLossless(text));
}

export async function findCatalogTable(
  db: Db,
  namespace: string,
  name: string,
): Promise<CatalogTableRow | null> {
  return db.icebergTable.findUnique({ where: { namespace_name: { namespace, name } } });
}

/** Writes a new metadata file; never overwrites one. Returns its location. */
async function writeMetadataFile(
  tableLocation: string,
  version: number,
  text: string,
  clock: CatalogClock,
): Promise<string> {
  const location = `${tableLocation.replace(/\/+$/, "")}/metadata/${metadataFileName(version, clock.newUuid())}`;
  const store = configuredMetadataFileIO().store(location);
  try {
    await store.create(location, text);
  } catch (error) {
    throw new MetadataWriteFailed(location, error);
  }
  return location;
}

/**
 * Files nothing refers to (a lost race, a rolled-back transaction), best effort: a removal that
 * fails leaves an unreferenced file and must not hide the failure the caller reports.
 */
export async function removeMetadataFiles(locations: readonly string[]): Promise<void> {
  await Promise.all(
    locations.map((location) =>
      configuredMetadataFileIO()
        .store(location)
        .remove(location)
        .catch(() => undefined),
    ),
  );
}

const removeMetadataFile = (location: string) => removeMetadataFiles([location]);

/**
 * Runs what follows a metadata file's write in the transaction that holds its head: when it
 * fails the transaction rolls back, and the file, which nothing then refers to, goes too.
 */
export async function orRemoveMetadataFile<T>(
  location: string,
  work: () => Promise<T>,
): Promise<T> {
  try {
    return await work();
  } catch (error) {
    await removeMetadataFile(location);
    throw error;
  }
}

/**
 * Reads a metadata file an engine or a deployment wrote (register, settle), from wherever its
 * scheme says (`region`: an S3 bucket's).
 */
export async function readMetadataFile(
  location: string,
  reader: MetadataReader = configuredMetadataFileIO().reader(location),
): Promise<TableMetadata> {
  const text = await reader.read(location);
  try {
    return readTableMetadata(parseJsonLossless(text));
  } catch (error) {
    throw new InvalidUpdate(`${location} is not Iceberg table metadata${firstIssueOf(error)}`);
  }
}

/** `: <field>: <what is wrong>` of a schema error's first issue (nothing for unparsable JSON). */
function firstIssueOf(error: unknown): string {
  if (!(error instanceof z.ZodError)) return "";
  const [issue] = error.issues;
  return issue === undefined ? "" : `: ${issue.path.join(".") || "(root)"}: ${issue.message}`;
}

/**
 * The audit row a commit's swap inserts in its own statement, built once the new metadata
 * file's location is known (workflow/audit.ts auditRow).
 */
export type SwapAudit = (committed: Omit<CommittedTable, "text">) => AuditRow;

/**
 * The product a commit was authorized on, as it was read: the swap moves the head only while the
 * product row still holds these values, so a product moved, decommissioned or reclassified after
 * the read (or after a process cached it) refuses the commit in the same statement.
 */
export interface ProductGuard {
  id: string;
  domain: string;
  name: string;
  status: string;
  classification: string;
  cloud: string;
}

/**
 * A commit's next metadata, requirements checked against the metadata read (`current`):
 * undefined when the commit has no updates (nothing to write). Throws RequirementFailed (409),
 * InvalidUpdate (400).
 */
export function planCommit(
  row: CatalogTableRow,
  commit: { requirements: readonly TableRequirement[]; updates: readonly TableUpdate[] },
  clock: CatalogClock,
  current: TableMetadata,
): TableMetadata | undefined {
  checkRequirements(current, commit.requirements);
  if (commit.updates.length === 0) return undefined;
  const applied = applyUpdates(current, commit.updates, clock.nowMs());
  return withPreviousFile(applied, {
    "metadata-file": row.metadataLocation,
    "timestamp-ms": current["last-updated-ms"],
  });
}

/**
 * Applies a commit to an existing table: requirements against the metadata read here, the next
 * version written as a file, then the compare-and-swap. Throws RequirementFailed or
 * CommitConflict (409), InvalidUpdate (400).
 */
export async function commitTable(
  db: Db,
  row: CatalogTableRow,
  commit: { requirements: readonly TableRequirement[]; updates: readonly TableUpdate[] },
  clock: CatalogClock = SYSTEM_CLOCK,
  /** `row.metadata` parsed, when the caller has it already. */
  current: TableMetadata = parseStoredMetadata(row.metadata),
): Promise<CommittedTable> {
  const next = planCommit(row, commit, clock, current);
  if (next === undefined)
    return { metadataLocation: row.metadataLocation, metadata: current, text: row.metadata };
  return swap(db, row, next, clock);
}

/**
 * Writes `next` as the table's next metadata file and moves the head to it; with `audited`, the
 * swap, its product guard and its audit row are one statement (atomic outside a transaction).
 * CommitConflict when another writer moved the head first or the product changed.
 */
export async function swap(
  db: Db,
  row: CatalogTableRow,
  next: TableMetadata,
  clock: CatalogClock,
  audited?: { audit: SwapAudit; product: ProductGuard },
): Promise<CommittedTable> {
  const text = stringifyJsonLossless(next);
  const version = row.version + 1;
  const location = await writeMetadataFile(next.location, version, text, clock);
  const guarded =
    audited === undefined
      ? undefined
      : {
          audit: audited.audit({ metadataLocation: location, metadata: next }),
          product: audited.product,
        };
  let moved: boolean;
  try {
    moved = await moveHead(db, row, location, text, guarded);
  } catch (error) {
    await afterFailedSwap(db, row, location, error);
    moved = true;
  }
  if (!moved) {
    await removeMetadataFile(location);
    throw new CommitConflict(
      `Commit failed: ${row.namespace}.${row.name} was changed by another commit; refresh and retry`,
    );
  }
  return { metadataLocation: location, metadata: next, text };
}

/**
 * The swap's statement failed after the file was written: whether the head moved is read again.
 * Returns when it did (the statement committed and only its answer was lost); removes the file
 * and rethrows when the head is elsewhere; rethrows keeping the file when the head cannot be read
 * (inside a failed transaction, the database gone): it may be the head, and a head must never
 * lose its file.
 */
async function afterFailedSwap(
  db: Db,
  row: CatalogTableRow,
  location: string,
  error: unknown,
): Promise<void> {
  let head: string | undefined;
  try {
    head = (
      await db.icebergTable.findUnique({
        where: { id: row.id },
        select: { metadataLocation: true },
      })
    )?.metadataLocation;
  } catch {
    throw error;
  }
  if (head === location) return;
  await removeMetadataFile(location);
  throw error;
}

/**
 * Creates a table from its first metadata (built by the caller from a CreateTableRequest or an
 * `assert-create` commit), written as version 1. A second create of the same name loses on the
 * unique (namespace, name) key: AlreadyExists for the caller to answer (409).
 */
export async function createCatalogTable(
  db: Db,
  table: { namespace: string; name: string; productId: string; location: string },
  updates: readonly TableUpdate[],
  clock: CatalogClock = SYSTEM_CLOCK,
  uuid?: string,
): Promise<CommittedTable> {
  const nowMs = clock.nowMs();
  const metadata = applyUpdates(
    emptyTableMetadata(uuid ?? clock.newUuid(), table.location, nowMs),
    updates,
    nowMs,
  );
  const text = stringifyJsonLossless(metadata);
  const location = await writeMetadataFile(metadata.location, 1, text, clock);
  try {
    await db.icebergTable.create({
      data: {
        namespace: table.namespace,
        name: table.name,
        productId: table.productId,
        metadataLocation: location,
        metadata: text,
        version: 1,
      },
    });
  } catch (error) {
    await removeMetadataFile(location);
    throw error;
  }
  return { metadataLocation: location, metadata, text };
}

/** What an audit entry records of a commit: where the table moved, not the whole metadata. */
export function committedAudit(
  table: { domain: string; name: string },
  before: string | null,
  after: Omit<CommittedTable, "text">,
  created: boolean,
): AuditEntry {
  return {
    action: created ? "iceberg-table.created" : "iceberg-table.committed",
    entityType: "iceberg-table",
    entityId: icebergTableEntityId(table),
    before: before === null ? null : { metadataLocation: before },
    after: {
      metadataLocation: after.metadataLocation,
      schemaId: after.metadata["current-schema-id"],
    },
  };
}

/**
 * The commit that evolves a table's head (at `headLocation`) into the table a deployment's spec
 * describes; no updates when the head already is that table. Built by the worker from the spec
 * (components/local/catalog-updates.ts), which this layer cannot import. Throws when the change
 * is no legal evolution of the head.
 */
export type TableEvolution = (
  head: TableMetadata,
  headLocation: string,
) => { requirements: readonly TableRequirement[]; updates: readonly TableUpdate[] };

/** Lost races in a row before a deployment's commit gives up: engines keep committing. */
export const DEPLOYMENT_COMMIT_ATTEMPTS = 5;

function planDeploymentCommit(
  row: CatalogTableRow,
  head: TableMetadata,
  evolve: TableEvolution,
  clock: CatalogClock,
): TableMetadata | undefined {
  let commit: ReturnType<TableEvolution>;
  try {
    commit = evolve(head, row.metadataLocation);
  } catch (error) {
    throw new InvalidUpdate(messageOf(error));
  }
  return planCommit(row, commit, clock, head);
}

/**
 * A deployment's schema change, committed to a table the catalog already holds through the path
 * engines use: read the head, build the commit on it, plan, swap (audited by `actor` in the
 * swap's statement), then the catalog's DatasetEvent when the schema changed. A conflict (an
 * engine committed meanwhile) re-reads the head and rebuilds on it, up to
 * DEPLOYMENT_COMMIT_ATTEMPTS times, then throws CommitConflict; an illegal change throws
 * InvalidUpdate. Undefined when the table is not in the catalog or already matches the spec.
 */
export async function commitDeployedTable(
  tx: Db,
  table: ProductGuard,
  evolve: TableEvolution,
  context: { actor: AuditActor; deploymentId: string; catalogUri: string },
  clock: CatalogClock = SYSTEM_CLOCK,
): Promise<CommittedTable | undefined> {
  for (let attempt = 1; ; attempt += 1) {
    const row = await findCatalogTable(tx, table.domain, table.name);
    if (row === null) return undefined;
    const head = parseStoredMetadata(row.metadata);
    const next = planDeploymentCommit(row, head, evolve, clock);
    if (next === undefined) return undefined;
    const audit: SwapAudit = (committed) => {
      const entry = committedAudit(table, row.metadataLocation, committed, false);
      const after = { ...(entry.after as object), deployment: context.deploymentId };
      return auditRow(context.actor, { ...entry, after });
    };
    try {
      const committed = await swap(tx, row, next, clock, { audit, product: table });
      await orRemoveMetadataFile(committed.metadataLocation, () =>
        reportCatalogChange(tx, table, head, committed.metadata, context.catalogUri),
      );
      return committed;
    } catch (error) {
      if (!(error instanceof CommitConflict) || attempt >= DEPLOYMENT_COMMIT_ATTEMPTS) throw error;
    }
  }
}

/**
 * Registers an existing metadata file, read by the caller (readMetadataFile), as the table's
 * current version (REST `register`, and a local deployment's first version). With `overwrite` an
 * existing entry is moved to it; without, an existing entry is AlreadyExists (RequirementFailed
 * here, 409).
 */
export async function registerCatalogTable(
  db: Db,
  table: { namespace: string; name: string; productId: string },
  metadataLocation: string,
  metadata: TableMetadata,
  overwrite: boolean,
): Promise<CommittedTable & { created: boolean }> {
  const text = stringifyJsonLossless(metadata);
  const existing = await findCatalogTable(db, table.namespace, table.name);
  if (existing !== null && !overwrite)
    throw new RequirementFailed(`table ${table.namespace}.${table.name} already exists`);
  if (existing === null) {
    await db.icebergTable.create({
      data: { ...table, metadataLocation, metadata: text, version: 1 },
    });
  } else {
    await db.icebergTable.update({
      where: { id: existing.id },
      data: { metadataLocation, metadata: text, version: existing.version + 1 },
    });
  }
  return { metadataLocation, metadata, text, created: existing === null };
}

/**
 * The compare-and-swap every head move goes through: from the location `row` read to `location`,
 * one version on; false when another writer moved the head first. With `guarded`, one statement
 * also checks the product row is still the one authorized and inserts the audit row, only when
 * the swap happened (`WITH swapped AS (UPDATE … WHERE … AND EXISTS (<product unchanged>)) INSERT
 * … SELECT … FROM swapped`): atomic by itself, so a commit needs no interactive transaction.
 */
async function moveHead(
  db: Db,
  row: CatalogTableRow,
  location: string,
  text: string,
  guarded?: { audit: AuditRow; product: ProductGuard },
): Promise<boolean> {
  if (guarded === undefined) {
    const swapped = await db.icebergTable.updateMany({
      where: { id: row.id, metadataLocation: row.metadataLocation },
      data: { metadataLocation: location, metadata: text, version: row.version + 1 },
    });
    return swapped.count === 1;
  }
  const { product } = guarded;
  const statement = `WITH swapped AS (
       UPDATE "iceberg_tables"
          SET "metadata_location" = $1, "metadata" = $2, "version" = $3, "updated_at" = now()
        WHERE "id" = $4 AND "metadata_location" = $5
          AND EXISTS (SELECT 1 FROM "data_products" p
                       WHERE p."id" = $6 AND p."domain" = $7 AND p."name" = $8
                         AND p."status"::text = $9 AND p."classification"::text = $10
                         AND p."cloud"::text = $11)
       RETURNING 1)
     ${auditInsertFrom("swapped", 12)}`;
  const params = [
    location,
    text,
    row.version + 1,
    row.id,
    row.metadataLocation,
    product.id,
    product.domain,
    product.name,
    product.status,
    product.classification,
    product.cloud,
    ...auditParams(guarded.audit),
  ];
  // Outside a transaction, straight through pg: the statement is the whole commit's write.
  return (await rawExecute(db, statement, params)) === 1;
}

/**
 * A read-only table (Glue's, BigQuery's) follows its home: a deployment that moved its metadata
 * location moves the row there, without compare-and-swap (nothing commits to it here). Never
 * called for a table Meshplane writes.
 */
async function followReadOnlyHead(
  tx: Db,
  row: CatalogTableRow,
  location: string,
  reader: MetadataReader,
): Promise<void> {
  const metadata = await readMetadataFile(location, reader);
  await tx.icebergTable.update({
    where: { id: row.id },
    data: {
      metadataLocation: location,
      metadata: stringifyJsonLossless(metadata),
      version: row.version + 1,
    },
  });
}

/**
 * After a product's deployment succeeded: its table (the metadata file the outputs name) joins
 * the catalog, and the outputs name the catalog URI, the table's identifier and its current
 * metadata file. Idempotent. A table Meshplane writes (local, Azure) is never moved here: once
 * registered, the catalog is its only writer and a deployment's change is a commit
 * (commitDeployedTable); a Glue or BigQuery table follows the location its deployment output. A
 * GCP product without a location (deployed before the export existed) is listed from the product
 * instead.
 */
export async function registerDeployedTable(
  tx: Db,
  productId: string,
  catalogUri: string,
): Promise<{ registered: boolean; table: string } | undefined> {
  const product = await tx.dataProduct.findUnique({ where: { id: productId } });
  if (product === null || product.status !== "live") return undefined;
  const outputs = DataProductOutputs.safeParse(product.outputs);
  if (!outputs.success) return undefined;
  const { catalog } = outputs.data;
  if (catalog.metadataLocation === undefined) return undefined;
  const home = tableHome(product.cloud, outputs.data);
  const reader = configuredMetadataFileIO().reader(catalog.metadataLocation, outputs.data.region);
  const existing = await findCatalogTable(tx, product.domain, product.name);
  if (existing === null) {
    const registered = await registerCatalogTable(
      tx,
      { namespace: product.domain, name: product.name, productId: product.id },
      catalog.metadataLocation,
      await readMetadataFile(catalog.metadataLocation, reader),
      false,
    );
    await reportCatalogChange(tx, product, undefined, registered.metadata, catalogUri);
  } else if (home.kind !== "meshplane" && existing.metadataLocation !== catalog.metadataLocation) {
    await followReadOnlyHead(tx, existing, catalog.metadataLocation, reader);
  }
  // A table Meshplane writes is where the catalog's head is (settle committed the deployment's
  // own change before this read, commitDeployedTable): the outputs name that file.
  const head =
    existing !== null && home.kind === "meshplane"
      ? existing.metadataLocation
      : catalog.metadataLocation;
  const { namespace, name } = icebergIdentifier(product);
  const restCatalog = { uri: catalogUri, namespace, table: name };
  if (
    JSON.stringify(catalog.restCatalog) !== JSON.stringify(restCatalog) ||
    head !== catalog.metadataLocation
  ) {
    const next = { ...outputs.data, catalog: { ...catalog, metadataLocation: head, restCatalog } };
    await tx.dataProduct.update({ where: { id: product.id }, data: { outputs: next } });
  }
  return { registered: existing === null, table: icebergTableEntityId(product) };
}
