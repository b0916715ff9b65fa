/**
 * The one INSERT into `lineage_events`, shared by the portal's OpenLineage ingestion (events
 * engines post) and the catalog's own DatasetEvents (recorded by the portal's catalog API and by
 * settle, workflow/catalog-lineage.ts). Each event is stored once: its hash is unique, a repeat
 * inserts nothing. The projector derives the graph from stored events later.
 */
import type { Db } from "#db/client";
import { uuidv7 } from "./ids";

/** What a `lineage_events` row holds of an event (its hash from `eventHash` of the payload). */
export interface StorableEvent {
  hash: string;
  kind: "run" | "dataset" | "job";
  eventType: string | null;
  runId: string | null;
  eventTime: string;
  producer: string;
  payload: unknown;
}

/** One statement for the whole batch; returns the hashes actually stored (not seen before). */
export async function insertLineageEvents(
  db: Db,
  events: readonly StorableEvent[],
  apiKeyId: string | null,
): Promise<Set<string>> {
  const rows = events.map((event) => ({
    id: uuidv7(),
    hash: event.hash,
    kind: event.kind,
    event_type: event.eventType,
    // In UTC: PostgreSQL refuses offsets beyond ±15:59, which ISO 8601 allows (up to ±23:59).
    event_time: new Date(event.eventTime).toISOString(),
    run_id: event.runId,
    producer: event.producer,
    payload: event.payload,
  }));
  const inserted = await db.$queryRawUnsafe<{ hash: string }[]>(
    `INSERT INTO lineage_events (id, hash, kind, event_type, event_time, run_id, producer, payload, api_key_id)
     SELECT r.id, r.hash, r.kind, r.event_type, r.event_time, r.run_id, r.producer, r.payload, $2
     FROM jsonb_to_recordset($1::jsonb) AS r(id text, hash text, kind text, event_type text,
       event_time timestamptz, run_id text, producer text, payload jsonb)
     ON CONFLICT (hash) DO NOTHING
     RETURNING hash`,
    JSON.stringify(rows),
    apiKeyId,
  );
  return new Set(inserted.map((row) => row.hash));
}
