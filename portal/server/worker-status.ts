import "server-only";
/**
 * The deployment worker's state for platform admins: the heartbeats the workers and `npm start`
 * write (workflow/worker-heartbeat.ts), folded into one (core/worker-status.ts).
 */
import { workerStatus } from "#core/worker-status";
import type { Db } from "#db/client";
import { readHeartbeats } from "#workflow/worker-heartbeat";
import type { WorkerStatus } from "../shared/deployment-schemas";

export async function getWorkerStatus(db: Db): Promise<WorkerStatus> {
  const status = workerStatus(await readHeartbeats(db));
  return { ...status, reportedAt: status.reportedAt?.toISOString() ?? null };
}
