import { IngestResult } from "../../../../shared/lineage/api-schemas";
import { OpenLineageEventBody } from "../../../../shared/lineage/openlineage";
import { withApi } from "../../../../server/api";
import { canIngestLineage } from "../../../../server/authz";
import { db } from "../../../../server/db";
import { deliverDue } from "../../../../server/lineage/webhooks";
import { ingestAndEvaluate } from "../../../../server/lineage/service";

/**
 * The OpenLineage endpoint (Marquez's path): one RunEvent, DatasetEvent or JobEvent. Answers
 * after the event committed; a redelivered event is recognised by its hash and stored once.
 */
export const POST = withApi(
  { auth: "lineage-key", body: OpenLineageEventBody, authorize: canIngestLineage, audited: false },
  async ({ db: tx, body, principal }) => {
    const result = await ingestAndEvaluate(tx, [body], principal);
    return {
      status: result.stored === 1 ? 201 : 200,
      body: IngestResult.parse(result),
      // Products whose datasets changed may have breached: send what is due now, not at the tick.
      ...(result.touchedDatasets.length === 0
        ? {}
        : { after: () => deliverDue(db()).then(() => undefined) }),
    };
  },
);
