/**
 * Measures that need no benchmark database: plan preview, deployment overhead, page weight, the
 * lineage graph's layout.
 */
import { builtPortalDir } from "../next-server";
import type { Options } from "../options";
import type { MeasureResult } from "../result";
import { measureDeployment } from "./deployment";
import { measureGraphLayout } from "./graph-layout";
import { measurePageWeight } from "./page-weight";
import { measurePlanPreview } from "./plan-preview";

export interface Standalone {
  measure: string;
  run: () => Promise<MeasureResult>;
}

export function standaloneMeasures(options: Options): Standalone[] {
  const all: Standalone[] = [
    { measure: "plan-preview", run: () => measurePlanPreview(options.quick ? 2 : 5) },
    { measure: "deployment", run: () => measureDeployment(options.quick ? 2 : 5) },
    { measure: "page-weight", run: async () => measurePageWeight(await builtPortalDir()) },
    { measure: "graph-layout", run: () => measureGraphLayout(options.quick ? 3 : 7) },
  ];
  return all.filter((entry) => options.measures.some((measure) => measure === entry.measure));
}
