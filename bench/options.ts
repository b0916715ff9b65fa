/** Command-line flags of `npm run bench`, parsed and validated in one place. */
import { parseArgs } from "node:util";
import { z } from "zod";

export const MEASURES = [
  "catalog-search",
  "lineage-traversal",
  "ingestion",
  "plan-preview",
  "deployment",
  "page-weight",
  "page-speed",
  "iceberg-catalog",
  "graph-layout",
] as const;
export type Measure = (typeof MEASURES)[number];

export interface Scale {
  products: number;
  domains: number;
  edges: number;
  events: number;
  seed: number;
}

export const FULL_SCALE: Scale = {
  products: 10_000,
  domains: 50,
  edges: 100_000,
  events: 1_000_000,
  seed: 8,
};

/** Small enough to finish in about two minutes on two cores. */
export const QUICK_SCALE: Scale = {
  products: 1_000,
  domains: 20,
  edges: 10_000,
  events: 20_000,
  seed: 8,
};

export interface Options {
  scale: Scale;
  databases: ("embedded" | "postgres")[];
  measures: Measure[];
  warmup: number;
  samples: number;
  outDir: string;
  quick: boolean;
}

const Count = z.coerce.number().int().min(0);

const Flags = z.object({
  quick: z.boolean().default(false),
  scale: z.coerce.number().positive("--scale must be a positive factor, e.g. 0.5").optional(),
  products: Count.min(2, "--products must be at least 2").optional(),
  domains: Count.min(1, "--domains must be at least 1").optional(),
  edges: Count.optional(),
  events: Count.optional(),
  seed: Count.optional(),
  db: z
    .enum(["embedded", "postgres", "both"], "--db is embedded, postgres or both")
    .default("both"),
  only: z.array(z.enum(MEASURES, `--only is one of ${MEASURES.join(", ")}`)).optional(),
  warmup: Count.optional(),
  samples: Count.min(5, "--samples must be at least 5").optional(),
  out: z.string().default("bench/results"),
});

/** A flag the harness does not know or a value it cannot use; its message is meant for the user. */
export class OptionsError extends Error {}

const USAGE =
  "flags: --quick --scale <factor> --products <n> --domains <n> --edges <n> --events <n> " +
  `--seed <n> --db embedded|postgres|both --only <${MEASURES.join("|")}> --warmup <n> ` +
  "--samples <n> --out <dir> (docs/performance.md)";

export function parseOptions(argv: readonly string[]): Options {
  try {
    return optionsFrom(argv);
  } catch (error) {
    if (error instanceof z.ZodError) throw new OptionsError(`${z.prettifyError(error)}\n${USAGE}`);
    if (
      error instanceof TypeError &&
      "code" in error &&
      String(error.code).startsWith("ERR_PARSE_ARGS")
    )
      throw new OptionsError(`${error.message}\n${USAGE}`);
    throw error;
  }
}

function optionsFrom(argv: readonly string[]): Options {
  const { values } = parseArgs({
    args: [...argv],
    strict: true,
    options: {
      quick: { type: "boolean" },
      scale: { type: "string" },
      products: { type: "string" },
      domains: { type: "string" },
      edges: { type: "string" },
      events: { type: "string" },
      seed: { type: "string" },
      db: { type: "string" },
      only: { type: "string", multiple: true },
      warmup: { type: "string" },
      samples: { type: "string" },
      out: { type: "string" },
    },
  });
  const flags = Flags.parse({ ...values, only: values.only?.flatMap((v) => v.split(",")) });
  const base = flags.quick ? QUICK_SCALE : FULL_SCALE;
  const factor = flags.scale ?? 1;
  const scaled = (n: number) => Math.max(1, Math.round(n * factor));
  return {
    scale: {
      products: flags.products ?? Math.max(2, scaled(base.products)),
      domains: flags.domains ?? scaled(base.domains),
      edges: flags.edges ?? scaled(base.edges),
      events: flags.events ?? scaled(base.events),
      seed: flags.seed ?? base.seed,
    },
    databases: flags.db === "both" ? ["embedded", "postgres"] : [flags.db],
    measures: flags.only ?? [...MEASURES],
    warmup: flags.warmup ?? (flags.quick ? 10 : 30),
    samples: flags.samples ?? (flags.quick ? 50 : 200),
    outDir: flags.out,
    quick: flags.quick,
  };
}
