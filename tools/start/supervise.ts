/**
 * Keeps a child process running, for `npm start` (the portal and the deployment worker alike):
 * one that ends while it is supervised (a crash, a kill by anyone, even a clean exit) after it had
 * started properly (it ran for at least `settleMs`) is started again after a growing pause; one
 * that ends sooner cannot start (bad configuration, a port in use) and is left down, as restarting
 * it would only repeat the error: `onGiveUp` says so. Only `stop` ends the supervision.
 *
 * A child started detached leads a process group; once it has exited, whatever is left of that
 * group is killed (`next dev` runs the server in a child of its own, which would otherwise keep
 * the port and make every restart fail). A child may also end just before the supervisor's own
 * signal handler has called `stop` (Ctrl-C reaching both): the decision waits `graceMs` first.
 */
import type { ChildProcess } from "node:child_process";

export type SupervisedChange =
  | { kind: "started"; pid: number | undefined }
  /** `restartInMs` undefined: left down. */
  | { kind: "exited"; how: string; restartInMs: number | undefined };

export interface SuperviseOptions {
  /** What to say; the caller prefixes its own name. */
  log: (message: string) => void;
  /** Every start and unplanned end (e.g. to report the state somewhere). */
  onChange?: (change: SupervisedChange) => void;
  /** The child ended while starting and is left down. */
  onGiveUp?: (how: string) => void;
  /** A child that ran at least this long had started (default 10 s). */
  settleMs?: number;
  /** Pause before the first restart, doubled per quick succession, at most `maxDelayMs`. */
  firstDelayMs?: number;
  maxDelayMs?: number;
  /** How long an exit waits for a `stop` that may be on its way (default 250 ms). */
  graceMs?: number;
  now?: () => number;
  wait?: (ms: number) => Promise<void>;
}

export interface Supervised {
  /** The running child (the latest one). */
  current: () => ChildProcess;
  /** Stops restarting, sends `signal` to the running child and resolves once it has exited. */
  stop: (signal?: NodeJS.Signals) => Promise<void>;
}

/** SIGKILLs what is left of the process group `child` led, if it led one. */
function killGroupOf(child: ChildProcess): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, "SIGKILL");
  } catch {
    // ESRCH: nothing left, or the child led no group
  }
}

export function supervise(
  name: string,
  start: () => ChildProcess,
  options: SuperviseOptions,
): Supervised {
  const settleMs = options.settleMs ?? 10_000;
  const firstDelayMs = options.firstDelayMs ?? 1_000;
  const maxDelayMs = options.maxDelayMs ?? 60_000;
  const graceMs = options.graceMs ?? 250;
  const now = options.now ?? Date.now;
  const wait =
    options.wait ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  let stopped = false;
  let delayMs = firstDelayMs;
  let child = launch();

  function launch(): ChildProcess {
    const startedAt = now();
    const launched = start();
    options.onChange?.({ kind: "started", pid: launched.pid });
    launched.once("exit", (code, signal) => {
      const ranMs = now() - startedAt;
      killGroupOf(launched);
      void wait(graceMs).then(() => {
        if (!stopped) afterExit(signal ?? `code ${String(code)}`, ranMs);
      });
    });
    return launched;
  }

  function afterExit(how: string, ranMs: number): void {
    if (ranMs < settleMs) {
      options.log(`${name} exited (${how}) while starting; not restarted, see its message above`);
      options.onChange?.({ kind: "exited", how, restartInMs: undefined });
      options.onGiveUp?.(how);
      return;
    }
    const pause = delayMs;
    delayMs = Math.min(delayMs * 2, maxDelayMs);
    options.log(`${name} exited (${how}); restarting in ${String(pause / 1000)} s`);
    options.onChange?.({ kind: "exited", how, restartInMs: pause });
    void wait(pause).then(() => {
      if (!stopped) child = launch();
    });
  }

  return {
    current: () => child,
    stop: (signal = "SIGTERM") => {
      stopped = true;
      const running = child;
      if (running.exitCode !== null || running.signalCode !== null) return Promise.resolve();
      const exited = new Promise<void>((resolve) => {
        running.once("exit", () => {
          resolve();
        });
      });
      running.kill(signal);
      return exited;
    },
  };
}
