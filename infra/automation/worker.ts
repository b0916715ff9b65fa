/**
 * The deployment worker: claims queued deployments (up to `concurrency` at once, one per stack),
 * runs each in its own child process, streams masked engine events and progress into the
 * database, renews its lease while it runs, passes an admin's cancel on to the operation within a
 * poll interval, and records the end with its effects on the request and product. On start and on every poll it recovers deployments whose worker died: they become
 * `interrupted`, their stack lock is released with `pulumi cancel`, and nothing re-runs unless an
 * admin retries.
 */
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { hostname } from "node:os";
import type { EngineEvent } from "@pulumi/pulumi/automation";
import type { WorkerConfig } from "#config";
import { DataProductSpec, type AccessGrant } from "#contract";
import { eventUrn, progressOf, type StoredEvent } from "#core/deployment-progress";
import type { Deployment } from "#db";
import type { Database } from "#db/client";
import { messageOf } from "#lib/errors";
import { createMasker, credentialValues, type Masker } from "#lib/masking";
import {
  cancelRequestedAmong,
  claimNext,
  endDeployment,
  expiredLeases,
  renewLease,
  type Finish,
} from "#workflow/deployment-queue";
import { stackGrants } from "#workflow/access";
import { checkRegistration } from "#workflow/settle";
import { ProductStackConfig, toConfigMap, type ConfigEntry } from "../stack-config";
import { runInChild, SpareChild, type ChildResult, type ChildRun } from "./child";
import { explainFailure } from "./failure";
import { releaseAbandonedLocks } from "./stack-locks";
import { toStoredEvent } from "./events";
import { isCatalogOwned, tableEvolution } from "./table-evolution";

export interface WorkerOptions {
  workerId?: string;
  log?: (message: string) => void;
}

export class Worker {
  readonly id: string;
  private readonly log: (message: string) => void;
  private readonly running = new Map<string, Promise<void>>();
  /** The operation processes of the running deployments (once started) and their logs. */
  private readonly children = new Map<string, { run: ChildRun; recorder: EventRecorder }>();
  private readonly spare = new SpareChild();
  /** The grants each running cloud `up` provisions (read at its start), for its settle. */
  private readonly provisioned = new Map<string, readonly string[]>();
  private timer: NodeJS.Timeout | undefined;
  private ticking: Promise<void> | undefined;
  private cancelTimer: NodeJS.Timeout | undefined;
  private cancelling: Promise<void> | undefined;
  private stopped = false;

  constructor(
    private readonly db: Database,
    private readonly settings: WorkerConfig,
    options: WorkerOptions = {},
  ) {
    this.id = options.workerId ?? `${hostname()}:${process.pid}:${randomBytes(3).toString("hex")}`;
    this.log =
      options.log ??
      ((message) => {
        console.log(`worker: ${message}`);
      });
  }

  /**
   * Recovers what a dead worker left, then polls for work until `stop`, and, on a timer of its
   * own (a slow claim or recovery must not delay it), for cancel requests of what it runs.
   */
  async start(): Promise<void> {
    this.spare.prepare();
    await this.tick();
    this.timer = setInterval(() => {
      this.ticking ??= this.tick().finally(() => {
        this.ticking = undefined;
      });
    }, this.settings.pollMs);
    this.cancelTimer = setInterval(() => {
      this.cancelling ??= this.deliverCancels().finally(() => {
        this.cancelling = undefined;
      });
    }, this.settings.pollMs);
  }

  /** Stops claiming and waits for the running operations to end. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.ticking;
    await Promise.all(this.running.values());
    clearInterval(this.cancelTimer);
    await this.cancelling;
    this.spare.close();
  }

  private async tick(): Promise<void> {
    try {
      await this.recover();
      while (!this.stopped && this.running.size < this.settings.concurrency) {
        const deployment = await claimNext(this.db, this.id, this.settings.leaseSeconds);
        if (deployment === undefined) break;
        const run = this.execute(deployment)
          .catch((error: unknown) => {
            this.log(
              `deployment ${deployment.id} (${deployment.stackName}): ${messageOf(error)}; it ` +
                "stays running until its lease expires, then recovery marks it interrupted",
            );
          })
          .finally(() => this.running.delete(deployment.id));
        this.running.set(deployment.id, run);
      }
    } catch (error) {
      this.log(`poll failed: ${messageOf(error)}`);
    }
  }

  /** Passes the cancel requests of the running deployments on to their operation processes. */
  private async deliverCancels(): Promise<void> {
    if (this.children.size === 0) return;
    try {
      for (const id of await cancelRequestedAmong(this.db, this.id, [...this.children.keys()]))
        this.stopOperation(id, CANCEL_NOTE);
    } catch (error) {
      this.log(`checking for cancel requests failed: ${messageOf(error)}`);
    }
  }

  /** Asks the operation to stop (once), saying why in its log. */
  private stopOperation(id: string, note: string): void {
    const operation = this.children.get(id);
    if (operation === undefined || !operation.run.cancel()) return;
    operation.recorder.note(note);
  }

  // ─── Recovery ────────────────────────────────────────────────────────────────────────────

  private async recover(): Promise<void> {
    for (const deployment of await expiredLeases(this.db)) {
      if (this.running.has(deployment.id)) continue;
      const release = await runInChild({
        kind: "release-lock",
        stackName: deployment.stackName,
        settings: this.settings,
      }).result;
      const lock = release.ok
        ? "Its stack lock was released (`pulumi cancel`)."
        : `Releasing its stack lock failed: ${this.masker().text(release.message)}`;
      const error =
        `Interrupted: the worker running this ${deployment.operation} stopped (lease expired at ` +
        `${deployment.leaseExpiresAt?.toISOString() ?? "?"}). ${lock} Resources that were ` +
        "changing may need a refresh; retry to run the operation again.";
      await this.db.$transaction(async (tx) => {
        await endDeployment(tx, deployment, undefined, { status: "interrupted", error });
      });
      this.log(`deployment ${deployment.id} (${deployment.stackName}) marked interrupted`);
    }
  }

  // ─── Running one deployment ──────────────────────────────────────────────────────────────

  private masker(extra: string[] = []): Masker {
    const passphrase =
      this.settings.passphraseFile === undefined
        ? []
        : [readFileSafely(this.settings.passphraseFile)];
    return createMasker([
      ...extra,
      ...passphrase,
      ...credentialValues(process.env),
      ...(this.settings.platformToken === undefined ? [] : [this.settings.platformToken]),
    ]);
  }

  /**
   * The product's grants in force now, read when the operation starts (not when it was queued),
   * so an `up` provisions exactly the approved, unrevoked, unexpired ones (workflow/access.ts).
   * Local products have nothing to provision: the catalog reads the stored grants.
   */
  private async grantsOf(deployment: Deployment, spec: DataProductSpec): Promise<AccessGrant[]> {
    if (spec.target.cloud === "local") return [];
    return stackGrants(
      this.db,
      {
        id: deployment.productId,
        domain: spec.domain,
        name: spec.name,
        classification: spec.classification,
      },
      new Date(),
    );
  }

  private async stackConfig(
    deployment: Deployment,
  ): Promise<Record<string, ConfigEntry> | undefined> {
    if (deployment.spec === null) return undefined;
    if (this.settings.platformToken === undefined) {
      throw new Error(
        "MESHPLANE_PLATFORM_TOKEN is not set: the stack's catalog entry cannot register the product",
      );
    }
    const spec = DataProductSpec.parse(deployment.spec);
    const grants = await this.grantsOf(deployment, spec);
    if (spec.target.cloud !== "local")
      this.provisioned.set(
        deployment.id,
        grants.map((grant) => grant.id),
      );
    const catalogOwned = await isCatalogOwned(this.db, spec);
    const config = ProductStackConfig.parse({
      kind: "product",
      spec,
      environment: deployment.environment,
      organization: this.settings.organization,
      catalogUrl: this.settings.catalogUrl,
      platformToken: this.settings.platformToken,
      ...(spec.target.cloud === "local" ? { warehouseRoot: this.settings.warehouseRoot } : {}),
      ...(grants.length === 0 ? {} : { grants }),
      ...(catalogOwned ? { catalogOwned } : {}),
    });
    return toConfigMap(config);
  }

  /** The spec's table change, committed to the catalog when the `up` settles (table-evolution.ts). */
  private evolutionOf(deployment: Deployment): Pick<Finish, "evolveTable"> {
    if (deployment.spec === null) return {};
    const spec = DataProductSpec.parse(deployment.spec);
    const evolveTable = tableEvolution(spec, deployment.environment, this.settings.organization);
    return evolveTable === undefined ? {} : { evolveTable };
  }

  /** Rejects only when the end cannot be recorded; failed event writes are logged on the way. */
  private async execute(deployment: Deployment): Promise<void> {
    const masker = this.masker();
    const recorder = new EventRecorder(this.db, deployment.id, masker, this.log);
    // What the request's plan preview counted, when the portal knew it (see deployRequest).
    recorder.baseline = deployment.resourcesPlanned;
    this.releaseAbandonedLocks(deployment.stackName, recorder);
    let result = await this.operate(deployment, recorder);
    if (!result.ok) {
      // A CLI killed mid-run, or one that failed to write its state, may have left its lock.
      const released = this.releaseAbandonedLocks(deployment.stackName, recorder);
      result = { ...result, message: explainFailure(result.message, released) };
    }
    await recorder.flush();
    try {
      await this.record(deployment, result, recorder, masker);
    } finally {
      this.provisioned.delete(deployment.id);
    }
  }

  /**
   * Releases the stack's locks whose owner is gone (stack-locks.ts), noting each lock file found
   * in the deployment's log; returns what was released. A sweep that fails is only logged: the
   * operation then meets the lock and fails saying so.
   */
  private releaseAbandonedLocks(stackName: string, recorder: EventRecorder): string[] {
    try {
      const findings = releaseAbandonedLocks(this.settings, stackName);
      for (const finding of findings)
        recorder.note(`Stack lock ${finding.file}: ${finding.reason}.`);
      return findings.filter((finding) => finding.released).map((finding) => finding.reason);
    } catch (error) {
      this.log(`${stackName}: looking for abandoned stack locks failed: ${messageOf(error)}`);
      return [];
    }
  }

  private async operate(deployment: Deployment, recorder: EventRecorder): Promise<ChildResult> {
    let result: ChildResult;
    // A worker that lost the lease (recovery marked the deployment interrupted) stops the CLI.
    const heartbeat = setInterval(
      () => {
        void this.heartbeat(deployment.id);
      },
      (this.settings.leaseSeconds * 1000) / 3,
    );
    try {
      const child = runInChild(
        {
          kind: "run",
          operation: deployment.operation,
          stackName: deployment.stackName,
          config: await this.stackConfig(deployment),
          fresh: await this.isFreshStack(deployment),
          settings: this.settings,
        },
        {
          onEvent: (event) => {
            recorder.add(event);
          },
          onBaseline: (resources) => {
            recorder.baseline = Math.max(recorder.baseline, resources);
          },
        },
        this.spare.take(),
      );
      this.children.set(deployment.id, { run: child, recorder });
      result = await child.result;
      if (!this.stopped) this.spare.prepare();
    } catch (error) {
      result = { ok: false, message: messageOf(error), cancelled: false, locked: false };
    } finally {
      clearInterval(heartbeat);
      this.children.delete(deployment.id);
    }
    return result;
  }

  /** No other operation on this stack ever started: the stack most likely does not exist yet. */
  private async isFreshStack(deployment: Deployment): Promise<boolean> {
    const started = await this.db.deployment.count({
      where: {
        stackName: deployment.stackName,
        id: { not: deployment.id },
        startedAt: { not: null },
      },
    });
    return started === 0;
  }

  private async heartbeat(id: string): Promise<void> {
    try {
      if (!(await renewLease(this.db, id, this.id, this.settings.leaseSeconds)))
        this.stopOperation(id, LEASE_LOST_NOTE);
    } catch (error) {
      this.log(`lease renewal failed: ${messageOf(error)}`);
    }
  }

  private async record(
    deployment: Deployment,
    result: ChildResult,
    recorder: EventRecorder,
    masker: Masker,
  ): Promise<void> {
    const progress = recorder.progress({ ended: result.ok });
    const summary = result.ok
      ? masker.value({
          changes: result.outcome.changes,
          ...(result.outcome.outputs === undefined ? {} : { outputs: result.outcome.outputs }),
        })
      : undefined;
    await this.db.$transaction(
      async (tx) => {
        let end: Finish = result.ok
          ? { status: "succeeded", summary, progress }
          : {
              status: result.cancelled ? "cancelled" : "failed",
              error: masker.text(result.message),
              progress,
            };
        if (result.ok && deployment.operation === "up") {
          const missing = await checkRegistration(tx, deployment);
          if (missing !== undefined) end = { ...end, status: "failed", error: missing };
          else end = { ...end, ...this.evolutionOf(deployment) };
        }
        const grants = this.provisioned.get(deployment.id);
        await endDeployment(
          tx,
          deployment,
          this.id,
          grants === undefined ? end : { ...end, grants },
        );
      },
      { maxWait: 10_000, timeout: 30_000 },
    );
    this.log(`deployment ${deployment.id} (${deployment.operation} ${deployment.stackName}) ended`);
  }
}

const CANCEL_NOTE =
  "Cancel requested: the Pulumi CLI is asked to stop; it finishes the steps under way and " +
  "releases the stack.";
const LEASE_LOST_NOTE =
  "This worker no longer holds the deployment (its lease expired): stopping the Pulumi CLI.";

function readFileSafely(file: string): string {
  try {
    return readFileSync(file, "utf8").trim();
  } catch {
    return "";
  }
}

/**
 * Buffers events and writes them in batches with the running progress counters. A failed write
 * is logged and its batch dropped: the log misses those lines, the deployment goes on.
 */
class EventRecorder {
  baseline = 0;
  private readonly events: StoredEvent[] = [];
  private pending: { sequence: number; event: StoredEvent }[] = [];
  private writing: Promise<void> = Promise.resolve();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly db: Database,
    private readonly deploymentId: string,
    private readonly masker: Masker,
    private readonly log: (message: string) => void,
  ) {}

  add(raw: EngineEvent): void {
    const stored = toStoredEvent(raw);
    if (stored !== undefined) this.store(stored);
  }

  /** A line of the worker's own in the deployment's log. */
  note(message: string): void {
    this.store({ type: "worker", message });
  }

  private store(stored: StoredEvent): void {
    const event = this.masker.value(stored);
    this.events.push(event);
    this.pending.push({ sequence: this.events.length, event });
    this.timer ??= setTimeout(() => {
      this.timer = undefined;
      void this.flush();
    }, 300);
  }

  /**
   * Planned starts from the stack's resources before the run or the plan preview's count and grows
   * as steps are announced; once the operation succeeded, every step was announced, so the steps
   * seen are the plan (a preview or state that counted more no longer matters).
   */
  progress(options: { ended?: boolean } = {}): { done: number; planned: number } {
    const { done, planned, resources } = progressOf(this.events, this.baseline);
    return { done, planned: options.ended === true ? resources.length : planned };
  }

  /** Never rejects (the timer's flush has nobody to catch it). */
  flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    const batch = this.pending;
    this.pending = [];
    this.writing = this.writing
      .then(() => this.write(batch))
      .catch((error: unknown) => {
        this.log(
          `deployment ${this.deploymentId}: storing ${String(batch.length)} event(s) and the ` +
            `progress failed: ${messageOf(error)}`,
        );
      });
    return this.writing;
  }

  private async write(batch: { sequence: number; event: StoredEvent }[]): Promise<void> {
    if (batch.length > 0) {
      await this.db.deploymentEvent.createMany({
        data: batch.map(({ sequence, event }) => ({
          deploymentId: this.deploymentId,
          sequence,
          type: event.type,
          resourceUrn: eventUrn(event) ?? null,
          payload: event,
        })),
      });
    }
    const { done, planned } = this.progress();
    await this.db.deployment.updateMany({
      where: { id: this.deploymentId, status: "running" },
      data: { resourcesDone: done, resourcesPlanned: planned },
    });
  }
}
