/**
 * Keeps a child process running: one that dies (a non-zero exit, or killed by a signal other than
 * SIGTERM/SIGINT) after it had started properly (it ran for at
 * least `settleMs`) is started again after a growing pause; one that dies sooner cannot start
 * (bad configuration, a missing CLI) and is left down, as restarting it would only repeat the
 * error.
 */
import type { ChildProcess } from "node:child_process";

export interface SuperviseOptions {
  /** What to say; the caller prefixes its own name. */
  log: (message: string) => void;
  /** A child that ran at least this long had started (default 10 s). */
  settleMs?: number;
  /** Pause before the first restart, doubled per quick succession, at most `maxDelayMs`. */
  firstDelayMs?: number;
  maxDelayMs?: number;
  now?: () => number;
  wait?: (ms: number) => Promise<void>;
}

export interface Supervised {
  /** The running child (the latest one). */
  current: () => ChildProcess;
  /** Stops restarting and sends `signal` to the running child. */
  stop: (signal?: NodeJS.Signals) => void;
}

export function supervise(
  name: string,
  start: () => ChildProcess,
  options: SuperviseOptions,
): Supervised {
  const settleMs = options.settleMs ?? 10_000;
  const firstDelayMs = options.firstDelayMs ?? 1_000;
  const maxDelayMs = options.maxDelayMs ?? 60_000;
  const now = options.now ?? Date.now;
  const wait =
    options.wait ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  let stopped = false;
  let delayMs = firstDelayMs;
  let child = launch();

  function launch(): ChildProcess {
    const startedAt = now();
    const launched = start();
    launched.once("exit", (code, signal) => {
      // Exit code 0 or a stop signal: it was stopped on purpose (e.g. the whole group on Ctrl-C).
      if (stopped || code === 0 || signal === "SIGTERM" || signal === "SIGINT") return;
      const how = signal ?? `code ${String(code)}`;
      if (now() - startedAt < settleMs) {
        options.log(`${name} exited (${how}) while starting; not restarted, see its message above`);
        return;
      }
      options.log(`${name} exited (${how}); restarting in ${String(delayMs / 1000)} s`);
      const pause = delayMs;
      delayMs = Math.min(delayMs * 2, maxDelayMs);
      void wait(pause).then(() => {
        if (!stopped) child = launch();
      });
    });
    return launched;
  }

  return {
    current: () => child,
    stop: (signal = "SIGTERM") => {
      stopped = true;
      child.kill(signal);
    },
  };
}
