/**
 * The checks of MP-LIF-002 that are the same on every cloud, over a rule already read from its
 * cloud's resource: the storage classes and minimum durations come from the contract
 * (contract/storage-classes.ts), so a policy cannot allow what a planner would never build.
 * No provider SDK: each cloud's policy file turns its resources into these shapes.
 */
import { storageClassRule, type LifecycleCloud } from "#contract";

/** One transition of a rule: the class it moves objects to and the object age it does so at. */
export interface Transition {
  storageClass: string;
  day: number;
}

export interface TransitionRules {
  /** Offline classes are allowed (a copy nobody queries, e.g. a replication destination). */
  offlineAllowed: boolean;
}

/**
 * Why a rule's transitions break the lifecycle rule on `cloud`: a class Meshplane never plans, an
 * offline class for data a query may need, a step before the class's earliest day, or a stay in a
 * class shorter than its minimum before the next step or `expireDay` (early-deletion charges).
 */
export function transitionProblems(
  cloud: LifecycleCloud,
  transitions: readonly Transition[],
  expireDay: number | undefined,
  rules: TransitionRules,
): string[] {
  const steps = [...transitions].sort((a, b) => a.day - b.day);
  return steps.flatMap((step, index) => {
    const rule = storageClassRule(cloud, step.storageClass);
    if (rule === undefined) return [`${step.storageClass} is not a storage class lifecycle plans`];
    if (!rule.online && !rules.offlineAllowed) {
      return [
        `${step.storageClass} is offline (a read needs a restore first): data files a query may need never move there`,
      ];
    }
    const problems: string[] = [];
    if (rule.earliestDay !== undefined && step.day < rule.earliestDay) {
      problems.push(
        `${step.storageClass} at day ${step.day} is before day ${rule.earliestDay}, the earliest the cloud allows`,
      );
    }
    const leave = steps[index + 1]?.day ?? expireDay;
    if (leave !== undefined && leave - step.day < rule.minDays) {
      problems.push(
        `${step.storageClass} at day ${step.day} is left at day ${leave}, before its ${rule.minDays}-day minimum storage duration`,
      );
    }
    return problems;
  });
}

/**
 * Why a prefix is not a table's data folder: empty or the root means the whole store (`store`
 * names it: a bucket, an Azure storage account), Iceberg metadata included; any other folder is
 * not where the table's data files live.
 */
export function dataPrefixProblem(
  prefix: string | undefined,
  store = "bucket",
): string | undefined {
  if (prefix === undefined || prefix === "" || prefix === "/") {
    return `applies to the whole ${store}, Iceberg metadata included`;
  }
  if (!prefix.endsWith("/data/")) {
    return `filters on ${prefix}, not a table's data/ folder (metadata must never move or expire by age)`;
  }
  return undefined;
}
