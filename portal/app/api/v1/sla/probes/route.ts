import { ProbeBody } from "../../../../../shared/lineage/api-schemas";
import { created, withApi } from "../../../../../server/api";
import { canIngestLineage } from "../../../../../server/authz";
import { now } from "../../../../../server/lineage/clock";
import { recordProductSla } from "../../../../../server/lineage/sla";
import { recordProbe } from "../../../../../server/lineage/service";

/** A probe result of a product's HTTP inference endpoint (the prober posts these with a domain key). */
export const POST = withApi(
  { auth: "lineage-key", body: ProbeBody, authorize: canIngestLineage },
  async ({ db, body, principal, audit }) => {
    const { probe, product } = await recordProbe(db, principal.domain, body);
    const report = await recordProductSla(db, product, now());
    await audit({
      action: "availability-probe.recorded",
      entityType: "availability-probe",
      entityId: probe.id,
      after: { product: body.product, ok: body.ok, statusCode: body.statusCode ?? null },
    });
    return created({ id: probe.id, availability: report.availability });
  },
);
