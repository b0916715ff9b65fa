/** Timing loops. API and raw runs alternate within one loop, so both see the same machine state. */
import { performance } from "node:perf_hooks";

export async function timed(work: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await work();
  return performance.now() - start;
}

export interface Sampling {
  warmup: number;
  samples: number;
}

/**
 * Runs each contender once per iteration, alternating which goes first, after `warmup` untimed
 * iterations (JIT, plan caches, connection pools, the database's buffer cache).
 */
export async function samplePaired<K extends string>(
  sampling: Sampling,
  contenders: Record<K, (iteration: number) => Promise<unknown>>,
): Promise<Record<K, number[]>> {
  const keys = Object.keys(contenders) as K[]; // Object.keys loses the key type of a Record
  const times = Object.fromEntries(keys.map((key) => [key, [] as number[]])) as Record<K, number[]>;
  for (let i = 0; i < sampling.warmup + sampling.samples; i += 1) {
    const order = i % 2 === 0 ? keys : [...keys].reverse();
    for (const key of order) {
      const ms = await timed(() => contenders[key](i));
      if (i >= sampling.warmup) times[key].push(ms);
    }
  }
  return times;
}
