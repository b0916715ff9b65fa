import "server-only";
/**
 * Periodic background work inside the portal's Node server (started by instrumentation.ts). A run
 * still going when the next one is due is not overlapped: that one is skipped.
 */
import { logError } from "./log";

export interface PeriodicTask {
  /** Names the task in the log when a run fails. */
  label: string;
  intervalSeconds: number;
  run: () => Promise<unknown>;
}

/** Starts the task; returns a function that stops it (a run in progress finishes). */
export function every({ label, intervalSeconds, run }: PeriodicTask): () => void {
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    run()
      .catch((error: unknown) => {
        logError(`[${label}] periodic run failed`, error);
      })
      .finally(() => {
        running = false;
      });
  }, intervalSeconds * 1000);
  timer.unref();
  return () => {
    clearInterval(timer);
  };
}
