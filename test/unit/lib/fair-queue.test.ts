import { describe, expect, it } from "vitest";
import { FairQueue } from "#lib/fair-queue";

/** A task that runs until the test ends it, recording when it started. */
function controllable(log: string[], name: string) {
  let finish: () => void = () => undefined;
  const done = new Promise<void>((resolve) => {
    finish = resolve;
  });
  return {
    task: () => {
      log.push(name);
      return done;
    },
    finish: () => {
      finish();
    },
  };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe("FairQueue", () => {
  it("gives freed slots to the domains in turn, not in arrival order", async () => {
    const queue = new FairQueue(1, 10);
    const log: string[] = [];
    const tasks = ["a1", "a2", "a3", "a4", "b1", "c1", "b2"].map((name) => ({
      name,
      ...controllable(log, name),
    }));
    for (const t of tasks) void queue.tryRun(t.name.slice(0, 1), t.task);
    await settle();
    expect(log).toEqual(["a1"]);
    for (let i = 0; i < tasks.length; i += 1) {
      tasks.find((t) => t.name === log.at(-1))?.finish();
      await settle();
    }
    // a's burst arrived first, yet b and c each waited for one of a's previews only.
    expect(log).toEqual(["a1", "b1", "c1", "a2", "b2", "a3", "a4"]);
  });

  it("gives a slot to a key with nothing running before one already running", async () => {
    const queue = new FairQueue(2, 10);
    const log: string[] = [];
    const tasks = ["a1", "a2", "a3", "b1"].map((name) => ({ name, ...controllable(log, name) }));
    for (const t of tasks) void queue.tryRun(t.name.slice(0, 1), t.task);
    await settle();
    expect(log).toEqual(["a1", "a2"]);
    tasks[0]?.finish();
    await settle();
    expect(log).toEqual(["a1", "a2", "b1"]);
  });

  it("runs up to `concurrency` at once", async () => {
    const queue = new FairQueue(2, 10);
    const log: string[] = [];
    const tasks = ["a1", "a2", "a3"].map((name) => controllable(log, name));
    for (const t of tasks) void queue.tryRun("a", t.task);
    await settle();
    expect(log).toEqual(["a1", "a2"]);
    tasks[0]?.finish();
    await settle();
    expect(log).toEqual(["a1", "a2", "a3"]);
  });

  it("refuses a key's task beyond its bound, and takes it again once one ended", async () => {
    const queue = new FairQueue(1, 2);
    const log: string[] = [];
    const [one, two] = [controllable(log, "1"), controllable(log, "2")];
    const first = queue.tryRun("a", one.task);
    expect(queue.tryRun("a", two.task)).toBeInstanceOf(Promise);
    expect(queue.tryRun("a", () => Promise.resolve())).toBeUndefined();
    expect(queue.hasRoom("a")).toBe(false);
    expect(queue.hasRoom("b")).toBe(true);
    one.finish();
    await first;
    expect(queue.hasRoom("a")).toBe(true);
    await settle();
    two.finish();
    await settle();
    expect(queue.size("a")).toBe(0);
  });

  it("passes results and failures through and frees the slot either way", async () => {
    const queue = new FairQueue(1, 5);
    await expect(queue.tryRun("a", () => Promise.reject(new Error("boom")))).rejects.toThrow(
      "boom",
    );
    await expect(queue.tryRun("a", () => Promise.resolve(42))).resolves.toBe(42);
    expect(queue.size("a")).toBe(0);
  });
});
