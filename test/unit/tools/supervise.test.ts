import { EventEmitter } from "node:events";
import type { ChildProcess } from "node:child_process";
import { describe, expect, it } from "vitest";
import { supervise, type SupervisedChange } from "#tools/start/supervise";

const GRACE_MS = 250;

class FakeChild extends EventEmitter {
  readonly signals: string[] = [];
  exitCode: number | null = null;
  signalCode: string | null = null;
  // No pid: the supervisor then signals no process group (a fake one must never hit a real one).
  readonly pid = undefined;
  kill(signal: string): boolean {
    this.signals.push(signal);
    return true;
  }
  exit(code: number | null, signal: string | null = null): void {
    this.exitCode = code;
    this.signalCode = signal;
    this.emit("exit", code, signal);
  }
}

function harness() {
  let clock = 0;
  const children: FakeChild[] = [];
  const pauses: number[] = [];
  const lines: string[] = [];
  const changes: SupervisedChange[] = [];
  const gaveUp: string[] = [];
  const supervised = supervise(
    "the portal",
    () => {
      const child = new FakeChild();
      children.push(child);
      return child as unknown as ChildProcess;
    },
    {
      log: (line) => lines.push(line),
      onChange: (change) => changes.push(change),
      onGiveUp: (how) => gaveUp.push(how),
      now: () => clock,
      wait: (ms) => {
        if (ms !== GRACE_MS) pauses.push(ms);
        return Promise.resolve();
      },
    },
  );
  const advance = (ms: number) => {
    clock += ms;
  };
  const settle = () => new Promise((resolve) => setImmediate(resolve));
  return { supervised, children, pauses, lines, changes, gaveUp, advance, settle };
}

describe("supervising a child of npm start", () => {
  it("restarts a child that died after starting, pausing longer each time", async () => {
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
    expect(h.lines[0]).toBe("the portal exited (code 1); restarting in 1 s");
    expect(h.changes.slice(0, 2)).toEqual([
      { kind: "started", pid: undefined },
      { kind: "exited", how: "code 1", restartInMs: 1_000 },
    ]);
  });

  // `kill <pid>` of the Next server (SIGTERM), after which it exits on its own terms.
  it("restarts a child someone else stopped, by a signal or a clean exit", async () => {
    for (const [code, signal] of [
      [null, "SIGTERM"],
      [null, "SIGINT"],
      [0, null],
    ] as const) {
      const h = harness();
      h.advance(60_000);
      h.children[0]?.exit(code, signal);
      await h.settle();
      expect(h.children).toHaveLength(2);
    }
  });

  it("leaves down a child that cannot start, saying so", async () => {
    const h = harness();
    h.advance(500);
    h.children[0]?.exit(1);
    await h.settle();
    expect(h.children).toHaveLength(1);
    expect(h.lines[0]).toContain("while starting; not restarted");
    expect(h.gaveUp).toEqual(["code 1"]);
    expect(h.changes.at(-1)).toEqual({ kind: "exited", how: "code 1", restartInMs: undefined });
  });

  it("stops: signals the child, resolves once it exited, and restarts nothing", async () => {
    const h = harness();
    h.advance(60_000);
    let done = false;
    const stopping = h.supervised.stop("SIGTERM").then(() => {
      done = true;
    });
    expect(h.children[0]?.signals).toEqual(["SIGTERM"]);
    await h.settle();
    expect(done).toBe(false);
    h.children[0]?.exit(1);
    await stopping;
    await h.settle();
    expect(h.children).toHaveLength(1);
    expect(h.gaveUp).toEqual([]);
    // Stopping what has already ended resolves at once.
    await h.supervised.stop();
  });

  it("does not restart a child that ended just before a stop (Ctrl-C reaches both at once)", async () => {
    let clock = 60_000;
    const children: FakeChild[] = [];
    let release: () => void = () => {};
    const supervised = supervise(
      "the worker",
      () => {
        const child = new FakeChild();
        children.push(child);
        return child as unknown as ChildProcess;
      },
      {
        log: () => {},
        now: () => clock,
        wait: (ms) =>
          ms === GRACE_MS
            ? new Promise<void>((resolve) => {
                release = resolve;
              })
            : Promise.resolve(),
      },
    );
    clock += 60_000;
    children[0]?.exit(null, "SIGINT");
    await supervised.stop("SIGINT");
    release();
    await new Promise((resolve) => setImmediate(resolve));
    expect(children).toHaveLength(1);
  });
});
