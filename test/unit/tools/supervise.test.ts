import { EventEmitter } from "node:events";
import type { ChildProcess } from "node:child_process";
import { describe, expect, it } from "vitest";
import { supervise } from "../../../tools/start/supervise";

class FakeChild extends EventEmitter {
  readonly signals: string[] = [];
  kill(signal: string): boolean {
    this.signals.push(signal);
    return true;
  }
  exit(code: number | null, signal: string | null = null): void {
    this.emit("exit", code, signal);
  }
}

function harness() {
  let clock = 0;
  const children: FakeChild[] = [];
  const pauses: number[] = [];
  const lines: string[] = [];
  const supervised = supervise(
    "the worker",
    () => {
      const child = new FakeChild();
      children.push(child);
      return child as unknown as ChildProcess;
    },
    {
      log: (line) => lines.push(line),
      now: () => clock,
      wait: (ms) => {
        pauses.push(ms);
        return Promise.resolve();
      },
    },
  );
  const advance = (ms: number) => {
    clock += ms;
  };
  const settle = () => new Promise((resolve) => setImmediate(resolve));
  return { supervised, children, pauses, lines, advance, settle };
}

describe("supervising the deployment worker", () => {
  it("restarts a worker that died after starting, pausing longer each time", async () => {
    const h = harness();
    h.advance(60_000);
    h.children[0]?.exit(1);
    await h.settle();
    h.advance(60_000);
    h.children[1]?.exit(null, "SIGKILL");
    await h.settle();
    expect(h.children).toHaveLength(3);
    expect(h.pauses).toEqual([1_000, 2_000]);
    expect(h.supervised.current()).toBe(h.children[2]);
    expect(h.lines[0]).toBe("the worker exited (code 1); restarting in 1 s");
  });

  it("leaves down a worker that cannot start, and one stopped on purpose", async () => {
    const quick = harness();
    quick.advance(500);
    quick.children[0]?.exit(1);
    await quick.settle();
    expect(quick.children).toHaveLength(1);
    expect(quick.lines[0]).toContain("while starting; not restarted");

    const stopped = harness();
    stopped.advance(60_000);
    stopped.supervised.stop("SIGTERM");
    expect(stopped.children[0]?.signals).toEqual(["SIGTERM"]);
    stopped.children[0]?.exit(1);
    await stopped.settle();
    const graceful = harness();
    graceful.advance(60_000);
    graceful.children[0]?.exit(0);
    await graceful.settle();
    expect([stopped.children.length, graceful.children.length]).toEqual([1, 1]);
  });
});
