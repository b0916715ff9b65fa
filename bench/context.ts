/** What every measure gets: the loaded database, the portal on it, a raw pool, and the data set. */
import type pg from "pg";
import type { BenchDatabase } from "./databases";
import type { Dataset } from "./dataset";
import type { Portal } from "./portal";
import type { Random } from "./random";
import type { Sampling } from "./sample";

export interface MeasureContext {
  database: BenchDatabase;
  portal: Portal;
  /** `pg` straight to the database, the same pool size as the portal's Prisma adapter (10). */
  pool: pg.Pool;
  dataset: Dataset;
  sampling: Sampling;
  /** An independent seeded stream per use, so adding a measure does not shift another's data. */
  random: (stream: number) => Random;
  log: (line: string) => void;
}
