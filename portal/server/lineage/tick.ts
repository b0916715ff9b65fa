import "server-only";
/**
 * The periodic SLA work: project events still waiting (a projection that failed after an
 * ingestion is retried here), link datasets to products registered since they were first seen,
 * re-evaluate every product (freshness decays with time alone), and send due webhooks. The portal
 * runs it every MESHPLANE_SLA_TICK_SECONDS (instrumentation.ts); a worker may run it instead.
 */
import type { Database } from "#db/client";
import { every } from "../schedule";
import { now } from "./clock";
import { relinkDatasets } from "./linking";
import { projectPending } from "./projector";
import { recordSlaForAll } from "./sla";
import { deliverDue } from "./webhooks";

export async function slaTick(
  db: Database,
): Promise<{ projected: number; linked: number; evaluated: number; delivered: number }> {
  const { projected } = await projectPending(db);
  const linked = await db.$transaction((tx) => relinkDatasets(tx), { timeout: 60_000 });
  const evaluated = await db.$transaction((tx) => recordSlaForAll(tx, now()), { timeout: 120_000 });
  const delivered = await deliverDue(db);
  return { projected, linked, evaluated, delivered };
}

/** Starts the tick; overlapping runs are skipped. Returns a stop function. */
export function startSlaTicker(db: () => Database, intervalSeconds: number): () => void {
  return every({ label: "sla", intervalSeconds, run: () => slaTick(db()) });
}
