/**
 * Which lifecycle transitions a product's data files get on a cloud, from the product's lifecycle
 * days and the minimum storage durations of the cloud's cooler classes. Pure.
 *
 * The platform promises "cool at 30 days, archive at 90, delete at the retention" (contract/
 * tiers.ts), and a class bills at least its minimum duration: an object that leaves it sooner (to
 * the next class or by deletion) pays the rest as an early-deletion charge. So a step is planned
 * only when the object then stays at least that class's minimum before the next step, or before
 * it expires; otherwise the step is skipped and the object stays where it is. The archive step is
 * decided first (it ends the cool stay).
 *
 * Which classes count as "cool" and "archive" (always online classes: a query must never meet an
 * offline file) and their minimums are each cloud's own (azure/planning/lifecycle.ts,
 * gcp/planning/lifecycle.ts).
 */
import type { LifecycleDays } from "#contract";

/** Minimum storage duration, in days, of a cloud's cool and archive classes. */
export interface ClassMinimums {
  cool: number;
  archive: number;
}

/** The day each planned transition happens; undefined for a step that is skipped. */
export interface PlannedTransitions {
  coolDay: number | undefined;
  archiveDay: number | undefined;
}

export function plannedTransitions(
  lifecycle: LifecycleDays,
  minimums: ClassMinimums,
): PlannedTransitions {
  const { coolAfterDays, archiveAfterDays, expireAfterDays } = lifecycle;
  const archive =
    archiveAfterDays < expireAfterDays && expireAfterDays - archiveAfterDays >= minimums.archive;
  const next = archive ? archiveAfterDays : expireAfterDays;
  const cool = coolAfterDays < next && next - coolAfterDays >= minimums.cool;
  return {
    coolDay: cool ? coolAfterDays : undefined,
    archiveDay: archive ? archiveAfterDays : undefined,
  };
}

/**
 * Why objects moved into `storageClass` on day `from` and out of it (next class or deletion) on
 * day `until` pay an early-deletion charge, or undefined when they stay its minimum: what the
 * clouds' MP-LIF-002 policies say about a lifecycle someone wrote.
 */
export function shortStayProblem(
  storageClass: string,
  from: number | undefined,
  until: number | undefined,
  minimumDays: number,
): string | undefined {
  if (from === undefined || until === undefined || !Number.isFinite(until)) return undefined;
  const stay = until - from;
  return stay < minimumDays
    ? `keeps objects in ${storageClass} ${stay} days, less than its ${minimumDays}-day minimum`
    : undefined;
}
