/**
 * The catalog's own OpenLineage DatasetEvents: when a table is created (or registered, through
 * the REST API or at a local product's settle) or its current schema changes (a commit, or a
 * deployment that moves the head), the catalog records a DatasetEvent for the table's dataset
 * (one naming with lineage: core/iceberg-catalog.ts's icebergLineageDataset) with the
 * SchemaDatasetFacet of the current schema and a CatalogDatasetFacet naming this catalog. Stored
 * through the ingestion's own INSERT (no API key: the catalog itself is the producer), in the
 * change's transaction, so the event exists exactly when the change does. Here, below the portal,
 * so settle (workflow/iceberg-catalog.ts) and the portal's catalog API record the same event.
 */
import { icebergLineageDataset } from "#core/iceberg-catalog";
import type { Db } from "#db/client";
import { currentSchema, type TableMetadata } from "#lib/iceberg/table-metadata";
import { eventHash } from "./ids";
import { insertLineageEvents } from "./lineage-events";

export const CATALOG_PRODUCER = "https://meshplane.dev/iceberg-catalog";
const DATASET_EVENT_SCHEMA =
  "https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/DatasetEvent";
const SCHEMA_FACET =
  "https://openlineage.io/spec/facets/1-1-0/SchemaDatasetFacet.json#/$defs/SchemaDatasetFacet";
const CATALOG_FACET =
  "https://openlineage.io/spec/facets/1-0-0/CatalogDatasetFacet.json#/$defs/CatalogDatasetFacet";

/**
 * The event as built here; the unit test holds it to the portal's OpenLineage DatasetEvent
 * schema (portal/shared/lineage/openlineage.ts), which this layer may not import.
 */
export interface CatalogDatasetEvent {
  eventTime: string;
  producer: string;
  schemaURL: string;
  dataset: {
    namespace: string;
    name: string;
    facets: {
      schema: {
        _producer: string;
        _schemaURL: string;
        fields: { name: string; type: string; description?: string }[];
      };
      catalog: {
        _producer: string;
        _schemaURL: string;
        framework: "iceberg";
        type: "rest";
        name: "meshplane";
        metadataUri: string;
        warehouseUri: string;
        source: "meshplane";
      };
    };
  };
}

function typeName(type: unknown): string {
  return typeof type === "string" ? type : JSON.stringify(type);
}

/** The DatasetEvent for a table's current version. Pure. */
export function catalogDatasetEvent(
  product: { domain: string; name: string },
  metadata: TableMetadata,
  catalogUri: string,
  eventTime: Date,
): CatalogDatasetEvent {
  const schema = currentSchema(metadata);
  return {
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
  };
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
  const stored = await insertLineageEvents(
    db,
    [
      {
        hash: eventHash(event),
        kind: "dataset",
        eventType: null,
        runId: null,
        eventTime: event.eventTime,
        producer: event.producer,
        payload: event,
      },
    ],
    null,
  );
  return stored.size;
}

/** Records the DatasetEvent when the change is one the catalog reports; returns events stored. */
export async function reportCatalogChange(
  db: Db,
  product: { domain: string; name: string },
  before: TableMetadata | undefined,
  after: TableMetadata,
  catalogUri: string,
): Promise<number> {
  if (!reportsSchema(before, after)) return 0;
  return recordCatalogEvent(db, product, after, catalogUri);
}
