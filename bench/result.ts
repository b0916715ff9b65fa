/** What a measure reports: rows of timings or rates, with the target for each where it has one. */
import type { Summary } from "./stats";

export interface Target {
  /** e.g. "API p95 ≤ 2 × raw p95". */
  text: string;
  met: boolean;
}

export interface ResultRow {
  label: string;
  /** Timings of the API (or the thing under test), ms. */
  api?: Summary;
  /** Timings of the raw baseline in the same run, ms. */
  raw?: Summary;
  /** A single figure (a rate, a size) with its unit. */
  value?: { amount: number; unit: string };
  baseline?: { amount: number; unit: string };
  /** api/raw (p95) or value/baseline. */
  ratio?: number;
  target?: Target;
}

export interface MeasureResult {
  measure: string;
  title: string;
  /** embedded, postgres, or none for measures without a database. */
  database: string;
  rows: ResultRow[];
  /** Checks, scale, caveats: said plainly in the report. */
  notes: string[];
}
