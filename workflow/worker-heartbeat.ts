/**
 * The `worker_heartbeats` table (core/worker-status.ts): the deployment worker and `npm start`
 * write what they are doing, the portal reads it. Times come from the database's clock, like the
 * deployment leases, so a reporter's clock running off does not make it look dead or alive.
 */
import { z } from "zod";
import {
  HEARTBEAT_INTERVAL_MS,
  WORKER_STATES,
  type Heartbeat,
  type WorkerState,
} from "#core/worker-status";
import type { Database, Db } from "#db/client";
import { messageOf } from "#lib/errors";

export interface HeartbeatReport {
  state: WorkerState;
  detail?: string | undefined;
  pulumiVersion?: string | undefined;
}

/** Heartbeats nobody rewrote for this long are deleted (reporters that are long gone). */
const FORGET_AFTER_SECONDS = 7 * 24 * 3600;

export async function writeHeartbeat(
  db: Database,
  reporter: string,
  report: HeartbeatReport,
): Promise<void> {
  const detail = report.detail ?? null;
  const version = report.pulumiVersion ?? null;
  await db.$executeRaw`
    INSERT INTO worker_heartbeats (reporter, state, detail, pulumi_version, started_at, updated_at)
    VALUES (${reporter}, ${report.state}, ${detail}, ${version}, now(), now())
    ON CONFLICT (reporter) DO UPDATE
       SET state = EXCLUDED.state, detail = EXCLUDED.detail,
           pulumi_version = EXCLUDED.pulumi_version, updated_at = now()`;
}

const Row = z.object({
  reporter: z.string(),
  state: z.enum(WORKER_STATES),
  detail: z.string().nullable(),
  pulumi_version: z.string().nullable(),
  updated_at: z.date(),
  age_ms: z.coerce.number(),
});

/** Every heartbeat, with its age by the database's clock; rows of an unknown state are skipped. */
export async function readHeartbeats(db: Db): Promise<Heartbeat[]> {
  const rows = await db.$queryRaw<unknown[]>`
    SELECT reporter, state, detail, pulumi_version, updated_at,
           (extract(epoch FROM now() - updated_at) * 1000)::float8 AS age_ms
      FROM worker_heartbeats`;
  return rows.flatMap((raw) => {
    const row = Row.safeParse(raw);
    if (!row.success) return [];
    const { reporter, state, detail, updated_at, age_ms } = row.data;
    return [
      {
        reporter,
        state,
        detail,
        pulumiVersion: row.data.pulumi_version,
        updatedAt: updated_at,
        ageMs: age_ms,
      },
    ];
  });
}

async function forgetOldHeartbeats(db: Database): Promise<void> {
  await db.$executeRaw`
    DELETE FROM worker_heartbeats
     WHERE updated_at < now() - make_interval(secs => ${FORGET_AFTER_SECONDS})`;
}

/**
 * Keeps one reporter's heartbeat current: `set` writes at once and then every
 * HEARTBEAT_INTERVAL_MS until `quiet` (the row then ages out: someone else reports from now on)
 * or `stop` (writes a last state). A write that fails is logged, never thrown: the database may be
 * briefly away, and reporting must not take the reporter down.
 */
export class HeartbeatReporter {
  private current: HeartbeatReport | undefined;
  private timer: NodeJS.Timeout | undefined;
  private writing: Promise<void> = Promise.resolve();

  constructor(
    private readonly db: Database,
    readonly reporter: string,
    private readonly log: (message: string) => void,
  ) {}

  /** Reports `report` now and keeps reporting it; resolves once this write is done. */
  set(report: HeartbeatReport): Promise<void> {
    this.current = report;
    clearInterval(this.timer);
    this.timer = setInterval(() => void this.write(), HEARTBEAT_INTERVAL_MS);
    this.timer.unref();
    return this.write();
  }

  /** Stops rewriting the heartbeat, leaving the last one to age out. */
  quiet(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /** Reports `last` (if given) once more and stops. */
  async stop(last?: HeartbeatReport): Promise<void> {
    this.quiet();
    if (last !== undefined) {
      this.current = last;
      await this.write();
    }
    await this.writing;
  }

  private write(): Promise<void> {
    const report = this.current;
    if (report === undefined) return this.writing;
    this.writing = this.writing
      .then(async () => {
        await writeHeartbeat(this.db, this.reporter, report);
        await forgetOldHeartbeats(this.db);
      })
      .catch((error: unknown) => {
        this.log(`reporting the worker's state failed: ${messageOf(error)}`);
      });
    return this.writing;
  }
}
