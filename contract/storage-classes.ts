/**
 * The storage classes a product's data files move through on each cloud, and the rule every
 * lifecycle obeys, written once for the contract's messages, the per-cloud planners and the
 * policies (MP-LIF-002):
 *
 * - live Iceberg data moves to **online** classes only: a query that meets a file in an offline
 *   class (S3 Glacier Flexible Retrieval or Deep Archive, Azure Archive) fails until the file is
 *   restored, hours later. Offline classes are left to copies nobody queries (the AWS gold replica);
 * - a step is taken only when an object then stays in its class at least the class's minimum
 *   storage duration before the next step or before expiry: below it the cloud bills the rest of the
 *   minimum as an early-deletion charge. Tier defaults skip such a step (`plannedTransitions`); a
 *   spec that writes its own lifecycle is refused with the reason (`lifecycleProblems`).
 *
 * Minimum storage durations: S3 https://docs.aws.amazon.com/AmazonS3/latest/userguide/storage-class-intro.html
 * (Standard-IA 30 days and not before day 30, Glacier Instant Retrieval 90, Glacier Flexible
 * Retrieval 90, Deep Archive 180); Azure https://learn.microsoft.com/azure/storage/blobs/access-tiers-overview
 * (Cool 30, Cold 90, Archive 180, Archive offline); GCS https://cloud.google.com/storage/docs/storage-classes
 * (Nearline 30, Coldline 90, Archive 365, all online).
 */
import { CLOUD_NAMES, type Cloud } from "./regions";
import type { LifecycleDays } from "./tiers";

export interface StorageClassRule {
  /** How messages name the class. */
  label: string;
  /** Days the cloud bills an object in the class at least. */
  minDays: number;
  /** Whether a read is served at once; an offline class needs a restore first. */
  online: boolean;
  /** Earliest object age at which a lifecycle rule may move an object into the class. */
  earliestDay?: number;
}

export type LifecycleCloud = Exclude<Cloud, "local">;

export const STORAGE_CLASSES = {
  aws: {
    STANDARD_IA: { label: "S3 Standard-IA", minDays: 30, online: true, earliestDay: 30 },
    GLACIER_IR: { label: "S3 Glacier Instant Retrieval", minDays: 90, online: true },
    GLACIER: { label: "S3 Glacier Flexible Retrieval", minDays: 90, online: false },
    DEEP_ARCHIVE: { label: "S3 Glacier Deep Archive", minDays: 180, online: false },
  },
  azure: {
    Cool: { label: "the Cool tier", minDays: 30, online: true },
    Cold: { label: "the Cold tier", minDays: 90, online: true },
    Archive: { label: "the Archive tier", minDays: 180, online: false },
  },
  gcp: {
    NEARLINE: { label: "Nearline storage", minDays: 30, online: true },
    COLDLINE: { label: "Coldline storage", minDays: 90, online: true },
    ARCHIVE: { label: "Archive storage", minDays: 365, online: true },
  },
} as const satisfies Record<LifecycleCloud, Record<string, StorageClassRule>>;

export type StorageClassName<C extends LifecycleCloud> = keyof (typeof STORAGE_CLASSES)[C] & string;

/** The class each step of a lifecycle moves live data files to (both online on every cloud). */
export const LIFECYCLE_CLASSES = {
  aws: { cool: "STANDARD_IA", archive: "GLACIER_IR" },
  azure: { cool: "Cool", archive: "Cold" },
  gcp: { cool: "NEARLINE", archive: "COLDLINE" },
} as const satisfies { [C in LifecycleCloud]: Record<"cool" | "archive", StorageClassName<C>> };

/** The rule of one class of a cloud, by its cloud name; undefined for a class Meshplane never uses. */
export function storageClassRule(
  cloud: LifecycleCloud,
  name: string,
): StorageClassRule | undefined {
  const classes: Readonly<Record<string, StorageClassRule>> = STORAGE_CLASSES[cloud];
  return classes[name];
}

function stepRule(cloud: LifecycleCloud, step: "cool" | "archive"): StorageClassRule {
  const rule = storageClassRule(cloud, LIFECYCLE_CLASSES[cloud][step]);
  if (rule === undefined) throw new Error(`no ${step} class on ${cloud}`);
  return rule;
}

/** Days of the steps a lifecycle takes; a missing step is skipped. Expiry is always taken. */
export interface PlannedTransitions {
  cool?: number;
  archive?: number;
  expire: number;
}

/**
 * The steps `lifecycle` takes on `cloud`: archive when the data then stays archived the class's
 * minimum before expiry (so `archiveAfterDays >= expireAfterDays` means "expires first"), cool when
 * it is allowed that early and stays cool the minimum before the next step. Skipping a step never
 * shortens the retention: expiry is unchanged.
 */
export function plannedTransitions(
  cloud: LifecycleCloud,
  lifecycle: LifecycleDays,
): PlannedTransitions {
  const { coolAfterDays, archiveAfterDays, expireAfterDays } = lifecycle;
  const archiveKept = expireAfterDays - archiveAfterDays >= stepRule(cloud, "archive").minDays;
  const next = archiveKept ? archiveAfterDays : expireAfterDays;
  const cool = stepRule(cloud, "cool");
  const coolKept = coolAfterDays >= (cool.earliestDay ?? 1) && next - coolAfterDays >= cool.minDays;
  return {
    ...(coolKept ? { cool: coolAfterDays } : {}),
    ...(archiveKept && archiveAfterDays > coolAfterDays ? { archive: archiveAfterDays } : {}),
    expire: expireAfterDays,
  };
}

export interface LifecycleProblem {
  field: keyof LifecycleDays;
  message: string;
}

/**
 * Why a lifecycle a spec writes itself would pay early-deletion charges or break a cloud's rule,
 * for days already in order (cool < archive <= expire, archive = expire meaning no archive step).
 * Empty when every step it asks for is taken as written.
 */
export function lifecycleProblems(
  cloud: LifecycleCloud,
  lifecycle: LifecycleDays,
): LifecycleProblem[] {
  const { coolAfterDays, archiveAfterDays, expireAfterDays } = lifecycle;
  const on = `on ${CLOUD_NAMES[cloud]}`;
  const cool = stepRule(cloud, "cool");
  const archive = stepRule(cloud, "archive");
  const archives = archiveAfterDays < expireAfterDays;
  const problems: LifecycleProblem[] = [];
  if (cool.earliestDay !== undefined && coolAfterDays < cool.earliestDay) {
    problems.push({
      field: "coolAfterDays",
      message: `${on}, data can move to cool storage (${cool.label}) after ${cool.earliestDay} days at the earliest, not ${coolAfterDays}`,
    });
  } else if ((archives ? archiveAfterDays : expireAfterDays) - coolAfterDays < cool.minDays) {
    const field = archives ? "archiveAfterDays" : "expireAfterDays";
    problems.push({
      field,
      message: `${on}, ${cool.label} bills every object for at least ${cool.minDays} days: ${field} must be ${coolAfterDays + cool.minDays} or more (coolAfterDays + ${cool.minDays})`,
    });
  }
  if (archives && expireAfterDays - archiveAfterDays < archive.minDays) {
    problems.push({
      field: "expireAfterDays",
      message: `${on}, ${archive.label} bills every object for at least ${archive.minDays} days: expireAfterDays must be ${archiveAfterDays + archive.minDays} or more (archiveAfterDays + ${archive.minDays}), or equal to archiveAfterDays to skip archiving`,
    });
  }
  return problems;
}
