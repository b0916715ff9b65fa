/**
 * A work queue shared fairly between keys (the plan previews of each domain): at most
 * `concurrency` tasks run at once, and a freed slot goes to the waiting key with the fewest tasks
 * running, then the one served longest ago (round-robin: one key's burst cannot delay another
 * key's single task behind it),
 * and each key holds at most `perKey` tasks queued or running: beyond that `tryRun` refuses, and
 * the caller says "try again later". Pure and synchronous in its bookkeeping; no timers.
 */

export class FairQueue {
  private running = 0;
  /** Tasks queued or running per key; a key leaves the map at zero. */
  private readonly held = new Map<string, number>();
  /** Waiting tasks per key, in arrival order; a key leaves the map when none waits. */
  private readonly waiting = new Map<string, (() => void)[]>();
  /** Tasks running per key. */
  private readonly active = new Map<string, number>();
  /** When each key last had a task started (a counter, not a clock). */
  private readonly served = new Map<string, number>();
  private starts = 0;

  constructor(
    readonly concurrency: number,
    readonly perKey: number,
  ) {
    if (!(concurrency >= 1 && perKey >= 1))
      throw new RangeError("concurrency and perKey must be ≥ 1");
  }

  /** Whether `key` may queue another task now. */
  hasRoom(key: string): boolean {
    return (this.held.get(key) ?? 0) < this.perKey;
  }

  /** Tasks of `key` queued or running. */
  size(key: string): number {
    return this.held.get(key) ?? 0;
  }

  /**
   * Runs `task` when its turn comes; undefined (and nothing queued) when `key` already holds
   * `perKey` tasks.
   */
  tryRun<T>(key: string, task: () => Promise<T>): Promise<T> | undefined {
    if (!this.hasRoom(key)) return undefined;
    this.held.set(key, this.size(key) + 1);
    return new Promise<T>((resolve, reject) => {
      const start = () => {
        this.running += 1;
        this.active.set(key, (this.active.get(key) ?? 0) + 1);
        // The slot is freed in the same turn as the result is handed over, before awaiters resume.
        void (async () => {
          try {
            resolve(await task());
          } catch (error) {
            reject(error instanceof Error ? error : new Error(String(error)));
          } finally {
            this.running -= 1;
            this.active.set(key, (this.active.get(key) ?? 1) - 1);
            const left = this.size(key) - 1;
            if (left === 0) {
              this.held.delete(key);
              this.active.delete(key);
              this.served.delete(key);
            } else this.held.set(key, left);
            this.next();
          }
        })();
      };
      const queue = this.waiting.get(key);
      if (queue === undefined) this.waiting.set(key, [start]);
      else queue.push(start);
      this.next();
    });
  }

  /** Starts waiting tasks while slots are free, choosing the key whose turn it is. */
  private next(): void {
    while (this.running < this.concurrency) {
      let chosen: string | undefined;
      for (const key of this.waiting.keys()) {
        if (chosen === undefined || this.before(key, chosen)) chosen = key;
      }
      if (chosen === undefined) return;
      const queue = this.waiting.get(chosen) ?? [];
      const start = queue.shift();
      if (queue.length === 0) this.waiting.delete(chosen);
      this.starts += 1;
      this.served.set(chosen, this.starts);
      start?.();
    }
  }

  /** Whether `a`'s turn comes before `b`'s: fewer running, then served longer ago. */
  private before(a: string, b: string): boolean {
    const running = (this.active.get(a) ?? 0) - (this.active.get(b) ?? 0);
    if (running !== 0) return running < 0;
    return (this.served.get(a) ?? 0) < (this.served.get(b) ?? 0);
  }
}
