import { IngestResult } from "#portal/shared/lineage/api-schemas";
import { OpenLineageEventBody, replaceFreeTextNul } from "#portal/shared/lineage/openlineage";
import { withApi } from "#portal/server/api";
import { canIngestLineage } from "#portal/server/authz";
import { storeEvents } from "#portal/server/lineage/ingest";
import { projectionAfter } from "#portal/server/lineage/projector";

/**
 * The OpenLineage endpoint (Marquez's path): one RunEvent, DatasetEvent or JobEvent. Answers once
 * the event is stored; a redelivered event is recognised by its hash and stored once. The graph
 * and SLAs follow from it right after the answer (server/lineage/projector.ts).
 */
export const POST = withApi(
  {
    auth: "lineage-key",
    body: OpenLineageEventBody,
    authorize: canIngestLineage,
    // Clients quote NUL bytes in error messages: free text keeps them as U+FFFD, ids are refused.
    freeText: replaceFreeTextNul,
    audited: false,
    // storeEvents is one INSERT … SELECT: the events of a request are stored together or not at all.
    transaction: false,
  },
  async ({ db: client, body, principal }) => {
    const result = await storeEvents(client, [body], principal.keyId);
    return {
      status: result.stored === 1 ? 201 : 200,
      body: IngestResult.parse(result),
      ...projectionAfter(result.stored),
    };
  },
);
