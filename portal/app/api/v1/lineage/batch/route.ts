import { IngestResult } from "#portal/shared/lineage/api-schemas";
import { OpenLineageBatchBody, replaceFreeTextNul } from "#portal/shared/lineage/openlineage";
import { withApi } from "#portal/server/api";
import { canIngestLineage } from "#portal/server/authz";
import { storeEvents } from "#portal/server/lineage/ingest";
import { projectionAfter } from "#portal/server/lineage/projector";

/** Many OpenLineage events in one statement: all are stored, or none (and the error says which). */
export const POST = withApi(
  {
    auth: "lineage-key",
    body: OpenLineageBatchBody,
    authorize: canIngestLineage,
    // Clients quote NUL bytes in error messages: free text keeps them as U+FFFD, ids are refused.
    freeText: replaceFreeTextNul,
    audited: false,
    // storeEvents is one INSERT … SELECT: the events of a request are stored together or not at all.
    transaction: false,
  },
  async ({ db: client, body, principal }) => {
    const result = await storeEvents(client, body, principal.keyId);
    return {
      status: 200,
      body: IngestResult.parse(result),
      ...projectionAfter(result.stored),
    };
  },
);
