/** Measures that need no benchmark database: plan preview, deployment overhead, page weight. */
import type { Options } from "../options";
import type { MeasureResult } from "../result";

export interface Standalone {
  measure: string;
  run: () => Promise<MeasureResult>;
}

export function standaloneMeasures(options: Options): Standalone[] {
  const all: Standalone[] = [];
  return all.filter((entry) => options.measures.some((measure) => measure === entry.measure));
}
