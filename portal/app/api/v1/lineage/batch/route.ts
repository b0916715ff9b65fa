import { IngestResult } from "../../../../../shared/lineage/api-schemas";
import { OpenLineageBatchBody } from "../../../../../shared/lineage/openlineage";
import { withApi } from "../../../../../server/api";
import { canIngestLineage } from "../../../../../server/authz";
import { db } from "../../../../../server/db";
import { deliverDue } from "../../../../../server/lineage/webhooks";
import { ingestAndEvaluate } from "../../../../../server/lineage/service";

/** Many OpenLineage events in one transaction: all are stored, or none (and the error says which). */
export const POST = withApi(
  { auth: "lineage-key", body: OpenLineageBatchBody, authorize: canIngestLineage, audited: false },
  async ({ db: tx, body, principal }) => {
    const result = await ingestAndEvaluate(tx, body, principal);
    return {
      status: 200,
      body: IngestResult.parse(result),
      // Products whose datasets changed may have breached: send what is due now, not at the tick.
      ...(result.touchedDatasets.length === 0
        ? {}
        : { after: () => deliverDue(db()).then(() => undefined) }),
    };
  },
);
