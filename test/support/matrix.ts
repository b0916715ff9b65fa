/**
 * The tier × classification × inference matrix the component tests run over (issue #3), shared by
 * the deploy tests of every cloud and the DataProduct test: which cases there are, and the spec of
 * each, derived from one example of the cloud so that every case is a spec the contract accepts.
 */
import { CLASSIFICATIONS, TIERS, type Classification, type Tier } from "#contract";
import { variant } from "./specs";

/** The strongest SLA each tier may promise (contract/tiers.ts), so any example fits any tier. */
export const TIER_SLAS: Readonly<Record<Tier, object>> = {
  bronze: { freshnessMinutes: 60, availabilityPercent: 99, rpoMinutes: 1440, rtoMinutes: 2880 },
  silver: { freshnessMinutes: 60, availabilityPercent: 99.9, rpoMinutes: 60, rtoMinutes: 480 },
  gold: { freshnessMinutes: 5, availabilityPercent: 99.95, rpoMinutes: 15, rtoMinutes: 60 },
};

/**
 * Each tier's default days (contract/tiers.ts) written out, as the tests' independent record of
 * the rules: cool / archive / expire after, and the soft-delete (noncurrent versions) window.
 */
export const TIER_DAYS: Readonly<
  Record<Tier, { cool: number; archive: number; expire: number; softDelete: number }>
> = {
  bronze: { cool: 30, archive: 90, expire: 90, softDelete: 7 },
  silver: { cool: 30, archive: 90, expire: 365, softDelete: 14 },
  gold: { cool: 30, archive: 90, expire: 2555, softDelete: 30 },
};

/**
 * Whether a tier's defaults take the archive step where the cloud skips a step the data would not
 * stay the class minimum in (AWS, GCP: contract/storage-classes.ts): bronze expires on the day it
 * would archive.
 */
export const TIER_ARCHIVES: Readonly<Record<Tier, boolean>> = {
  bronze: false,
  silver: true,
  gold: true,
};

export interface MatrixCase<I> {
  tier: Tier;
  classification: Classification;
  inference: I;
}

/**
 * Every tier × classification, each twice: with inference `off` and with one of `shapes` (a
 * cloud's function shapes: code or image, trigger sets, scaling). The shape of cell (tier t,
 * classification c) is `shapes[(t + c) % shapes.length]`, so with up to three shapes each shape
 * meets every tier and every classification at least once. Without shapes (the local target has
 * no inference) each cell appears once, with `off`.
 */
export function matrixCases<I>(off: I, shapes: readonly I[]): MatrixCase<I>[] {
  return TIERS.flatMap((tier, t) =>
    CLASSIFICATIONS.flatMap((classification, c) => {
      const on = shapes[(t + c) % Math.max(shapes.length, 1)];
      return [off, ...(on === undefined ? [] : [on])].map((inference) => ({
        tier,
        classification,
        inference,
      }));
    }),
  );
}

/** The shapes that do not meet every tier and every classification in `cases`: none, in a matrix. */
export function uncoveredShapes<I>(cases: readonly MatrixCase<I>[], shapes: readonly I[]): I[] {
  return shapes.filter((shape) => {
    const meeting = cases.filter((c) => c.inference === shape);
    return (
      new Set(meeting.map((c) => c.tier)).size < TIERS.length ||
      new Set(meeting.map((c) => c.classification)).size < CLASSIFICATIONS.length
    );
  });
}

/**
 * The example `file` turned into `tier` and `classification`: the tier's SLA, no secondary region
 * below gold, no PII columns below confidential. `change` then shapes the rest (the inference).
 */
export function matrixSpec(
  file: string,
  tier: Tier,
  classification: Classification,
  change: Parameters<typeof variant>[1] = () => undefined,
): unknown {
  return variant(file, (s) => {
    s.tier = tier;
    s.classification = classification;
    s.sla = TIER_SLAS[tier];
    if (tier !== "gold") delete s.target.secondaryRegion;
    if (classification === "public" || classification === "internal") {
      for (const column of s.table.columns) column.pii = false;
    }
    change(s);
  });
}
