/**
 * Whether deployments can run: what the deployment workers (and `npm start`, while it gets one
 * going) report about themselves in their heartbeats, folded into the one state the portal shows
 * platform admins instead of letting deployments queue in silence. Pure and browser-safe.
 *
 *   starting ──▶ installing-cli ──▶ starting ──▶ ready
 *       └──────────────┴──────────────┴────────────┴──▶ down (exited, stopped, or silent too long)
 */

export const WORKER_STATES = ["starting", "installing-cli", "ready", "down"] as const;
export type WorkerState = (typeof WORKER_STATES)[number];

/** Reporters rewrite their heartbeat this often… */
export const HEARTBEAT_INTERVAL_MS = 5_000;
/** …so one older than this is from a process that is gone (it died without saying so). */
export const HEARTBEAT_STALE_MS = 20_000;

export interface Heartbeat {
  reporter: string;
  state: WorkerState;
  detail: string | null;
  pulumiVersion: string | null;
  updatedAt: Date;
  /** How old the heartbeat is by the database's clock, which wrote it. */
  ageMs: number;
}

export interface WorkerStatus {
  state: WorkerState;
  /** One sentence for the page. */
  detail: string;
  /** The heartbeat the state comes from; null when no worker ever reported. */
  reportedAt: Date | null;
  /** Workers ready now. */
  ready: number;
  pulumiVersion: string | null;
}

export const NEVER_REPORTED =
  "No deployment worker has reported yet: `npm start` runs one; on its own, `npm run worker`.";

export function workerStatus(heartbeats: readonly Heartbeat[]): WorkerStatus {
  const newestFirst = [...heartbeats].sort((a, b) => b.updatedAt.getTime() - a.updatedAt.getTime());
  const fresh = newestFirst.filter((beat) => beat.ageMs <= HEARTBEAT_STALE_MS);
  const ready = fresh.filter((beat) => beat.state === "ready");
  const [first] = ready;
  if (first !== undefined)
    return {
      state: "ready",
      detail: `${String(ready.length)} worker(s) ready${
        first.pulumiVersion === null ? "" : ` (Pulumi ${first.pulumiVersion})`
      }.`,
      reportedAt: first.updatedAt,
      ready: ready.length,
      pulumiVersion: first.pulumiVersion,
    };
  const [latest] = fresh;
  if (latest !== undefined) return statusOf(latest, latest.detail ?? "");
  const [last] = newestFirst;
  if (last === undefined)
    return {
      state: "down",
      detail: NEVER_REPORTED,
      reportedAt: null,
      ready: 0,
      pulumiVersion: null,
    };
  return {
    ...statusOf(last, last.detail ?? ""),
    state: "down",
    detail:
      last.state === "down"
        ? (last.detail ?? "The deployment worker stopped.")
        : `The deployment worker has not reported since ${last.updatedAt.toISOString()} (it ` +
          `was ${last.state}): it stopped without saying so.`,
  };
}

function statusOf(beat: Heartbeat, detail: string): WorkerStatus {
  return {
    state: beat.state,
    detail,
    reportedAt: beat.updatedAt,
    ready: 0,
    pulumiVersion: beat.pulumiVersion,
  };
}
