import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { every } from "#portal/server/schedule";

vi.mock("server-only", () => ({}));

/** A task whose runs the test finishes by hand. */
function controlledTask() {
  const finishers: ((error?: Error) => void)[] = [];
  const run = vi.fn(
    () =>
      new Promise<void>((resolve, reject) => {
        finishers.push((error) => {
          if (error === undefined) resolve();
          else reject(error);
        });
      }),
  );
  return { run, finish: (error?: Error) => finishers.shift()?.(error) };
}

describe("every", () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.restoreAllMocks();
  });

  it("runs the task once per interval and never overlaps a run still going", async () => {
    const task = controlledTask();
    const stop = every({ label: "probes", intervalSeconds: 60, run: task.run });
    await vi.advanceTimersByTimeAsync(59_999);
    expect(task.run).toHaveBeenCalledTimes(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(task.run).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(120_000); // the first run is still going: both ticks skip
    expect(task.run).toHaveBeenCalledTimes(1);
    task.finish();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(task.run).toHaveBeenCalledTimes(2);
    stop();
    task.finish();
    await vi.advanceTimersByTimeAsync(600_000);
    expect(task.run).toHaveBeenCalledTimes(2);
  });

  it("logs a failed run with secrets masked and keeps going", async () => {
    vi.stubEnv("MESHPLANE_PLATFORM_TOKEN", "platform-token-value-0123456789abcdef");
    const logged = vi.spyOn(console, "error").mockImplementation(() => undefined);
    const task = controlledTask();
    const stop = every({ label: "sla", intervalSeconds: 1, run: task.run });
    await vi.advanceTimersByTimeAsync(1000);
    task.finish(new Error("refused: platform-token-value-0123456789abcdef"));
    await vi.advanceTimersByTimeAsync(1000);
    expect(task.run).toHaveBeenCalledTimes(2);
    const line = String(logged.mock.calls[0]?.[0]);
    expect(line).toMatch(/^\[sla\] periodic run failed: Error: refused: \[secret\]/);
    expect(line).not.toContain("platform-token-value");
    stop();
    vi.unstubAllEnvs();
  });
});
