import "server-only";
/**
 * The catalog's own OpenLineage DatasetEvents: when a table is created (or registered) or its
 * current schema changes, the catalog records a DatasetEvent for the table's dataset (one naming
 * with lineage: core/iceberg-catalog.ts's icebergLineageDataset) with the SchemaDatasetFacet of
 * the current schema and a CatalogDatasetFacet naming this catalog. Stored through the same
 * ingestion as events engines post (no API key: the catalog itself is the producer), in the
 * commit's transaction, so the event exists exactly when the change does.
 */
import { icebergLineageDataset } from "#core/iceberg-catalog";
import type { Db } from "#db/client";
import type { TableMetadata } from "#lib/iceberg/table-metadata";
import { DatasetEvent } from "../../shared/lineage/openlineage";
import { storeEvents } from "../lineage/ingest";

export const CATALOG_PRODUCER = "https://meshplane.dev/iceberg-catalog";
const DATASET_EVENT_SCHEMA =
  "https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/DatasetEvent";
const SCHEMA_FACET =
  "https://openlineage.io/spec/facets/1-1-0/SchemaDatasetFacet.json#/$defs/SchemaDatasetFacet";
const CATALOG_FACET =
  "https://openlineage.io/spec/facets/1-0-0/CatalogDatasetFacet.json#/$defs/CatalogDatasetFacet";

function typeName(type: unknown): string {
  return typeof type === "string" ? type : JSON.stringify(type);
}

/** The DatasetEvent for a table's current version. Pure. */
export function catalogDatasetEvent(
  product: { domain: string; name: string },
  metadata: TableMetadata,
  catalogUri: string,
  eventTime: Date,
): DatasetEvent {
  const schema = metadata.schemas.find((s) => s["schema-id"] === metadata["current-schema-id"]);
  return DatasetEvent.parse({
    eventTime: eventTime.toISOString(),
    producer: CATALOG_PRODUCER,
    schemaURL: DATASET_EVENT_SCHEMA,
    dataset: {
      ...icebergLineageDataset(product),
      facets: {
        schema: {
          _producer: CATALOG_PRODUCER,
          _schemaURL: SCHEMA_FACET,
          fields: (schema?.fields ?? []).map((field) => ({
            name: field.name,
            type: typeName(field.type),
            ...(field.doc === undefined ? {} : { description: field.doc }),
          })),
        },
        catalog: {
          _producer: CATALOG_PRODUCER,
          _schemaURL: CATALOG_FACET,
          framework: "iceberg",
          type: "rest",
          name: "meshplane",
          metadataUri: catalogUri,
          warehouseUri: metadata.location,
          source: "meshplane",
        },
      },
    },
  });
}

/** Whether a change is one the catalog reports: a new table, or another current schema. */
export function reportsSchema(before: TableMetadata | undefined, after: TableMetadata): boolean {
  return before === undefined || before["current-schema-id"] !== after["current-schema-id"];
}

/** Stores the table's DatasetEvent; returns how many events were stored (0 for a repeat). */
export async function recordCatalogEvent(
  db: Db,
  product: { domain: string; name: string },
  metadata: TableMetadata,
  catalogUri: string,
): Promise<number> {
  const event = catalogDatasetEvent(product, metadata, catalogUri, new Date());
  const result = await storeEvents(db, [{ kind: "dataset", event }], null);
  return result.stored;
}
