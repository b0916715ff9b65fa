/** Summary statistics of timing samples (milliseconds). */
export interface Summary {
  samples: number;
  min: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  mean: number;
  /** Standard deviation over the mean: how noisy the run was. */
  cv: number;
}

/** Nearest-rank percentile (p in 0..100) of values sorted ascending. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) throw new Error("percentile of no samples");
  if (p < 0 || p > 100) throw new Error(`percentile ${p} is outside 0..100`);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1] as number;
}

export function summarize(values: readonly number[]): Summary {
  if (values.length === 0) throw new Error("no samples to summarize");
  const sorted = [...values].sort((a, b) => a - b);
  const mean = sorted.reduce((sum, value) => sum + value, 0) / sorted.length;
  const variance = sorted.reduce((sum, value) => sum + (value - mean) ** 2, 0) / sorted.length;
  return {
    samples: sorted.length,
    min: sorted[0] as number,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    max: sorted[sorted.length - 1] as number,
    mean,
    cv: mean === 0 ? 0 : Math.sqrt(variance) / mean,
  };
}

/** a / b, guarded: a ratio against a zero baseline is reported as undefined, not Infinity. */
export function ratio(a: number, b: number): number | undefined {
  return b === 0 ? undefined : a / b;
}
