/**
 * The shared lifecycle rule (contract/storage-classes.ts) and the encryption policy by
 * classification (contract/encryption.ts): the tiers' defaults on each cloud, what a spec's own
 * lifecycle may ask for, and that the planned steps never pay an early-deletion charge.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  CLASSIFICATIONS,
  CMK_CLASSIFICATIONS,
  ENCRYPTION_TABLE,
  LIFECYCLE_CLASSES,
  STORAGE_CLASSES,
  TIER_POLICIES,
  lifecycleProblems,
  plannedTransitions,
  storageClassRule,
  usesCustomerManagedKey,
  type LifecycleCloud,
} from "#contract";

const CLOUDS: LifecycleCloud[] = ["aws", "azure", "gcp"];

describe("tier defaults", () => {
  it("promise cool at 30, archive at 90 and expiry at the retention on every tier", () => {
    expect(
      Object.values(TIER_POLICIES).map((p) => [p.defaultLifecycle, p.defaultRetentionDays]),
    ).toEqual([
      [{ coolAfterDays: 30, archiveAfterDays: 90, expireAfterDays: 90 }, 90],
      [{ coolAfterDays: 30, archiveAfterDays: 90, expireAfterDays: 365 }, 365],
      [{ coolAfterDays: 30, archiveAfterDays: 90, expireAfterDays: 2555 }, 2555],
    ]);
  });

  it.each(CLOUDS)("on %s: bronze cools and expires, silver and gold also archive", (cloud) => {
    const steps = (tier: keyof typeof TIER_POLICIES) =>
      plannedTransitions(cloud, TIER_POLICIES[tier].defaultLifecycle);
    expect(steps("bronze")).toEqual({ cool: 30, expire: 90 });
    expect(steps("silver")).toEqual({ cool: 30, archive: 90, expire: 365 });
    expect(steps("gold")).toEqual({ cool: 30, archive: 90, expire: 2555 });
  });

  it("skip what a short retention would pay for, never the expiry", () => {
    const short = (expireAfterDays: number) =>
      plannedTransitions("aws", { coolAfterDays: 30, archiveAfterDays: 90, expireAfterDays });
    expect(short(179)).toEqual({ cool: 30, expire: 179 });
    expect(short(59)).toEqual({ expire: 59 });
    expect(short(20)).toEqual({ expire: 20 });
  });
});

describe("storage classes", () => {
  it("move live data to online classes only", () => {
    for (const cloud of CLOUDS) {
      for (const step of ["cool", "archive"] as const) {
        expect(storageClassRule(cloud, LIFECYCLE_CLASSES[cloud][step])?.online).toBe(true);
      }
    }
    expect(STORAGE_CLASSES.aws.DEEP_ARCHIVE.online).toBe(false);
    expect(STORAGE_CLASSES.azure.Archive.online).toBe(false);
    expect(storageClassRule("aws", "REDUCED_REDUNDANCY")).toBeUndefined();
  });
});

/** Any lifecycle in order: cool < archive <= expire. */
const lifecycles = fc
  .record({
    cool: fc.integer({ min: 1, max: 400 }),
    toArchive: fc.integer({ min: 1, max: 400 }),
    toExpire: fc.integer({ min: 0, max: 3000 }),
  })
  .map(({ cool, toArchive, toExpire }) => ({
    coolAfterDays: cool,
    archiveAfterDays: cool + toArchive,
    expireAfterDays: cool + toArchive + toExpire,
  }));

describe("plannedTransitions and lifecycleProblems", () => {
  it("property: every planned step stays its class's minimum and starts no earlier than allowed", () => {
    fc.assert(
      fc.property(fc.constantFrom(...CLOUDS), lifecycles, (cloud, lifecycle) => {
        const { cool, archive, expire } = plannedTransitions(cloud, lifecycle);
        const coolRule = storageClassRule(cloud, LIFECYCLE_CLASSES[cloud].cool);
        const archiveRule = storageClassRule(cloud, LIFECYCLE_CLASSES[cloud].archive);
        expect(expire).toBe(lifecycle.expireAfterDays);
        if (archive !== undefined) {
          expect(expire - archive).toBeGreaterThanOrEqual(archiveRule?.minDays ?? Infinity);
        }
        if (cool !== undefined) {
          expect((archive ?? expire) - cool).toBeGreaterThanOrEqual(coolRule?.minDays ?? Infinity);
          expect(cool).toBeGreaterThanOrEqual(coolRule?.earliestDay ?? 1);
        }
      }),
    );
  });

  it("property: a lifecycle without problems is taken exactly as written", () => {
    fc.assert(
      fc.property(fc.constantFrom(...CLOUDS), lifecycles, (cloud, lifecycle) => {
        fc.pre(lifecycleProblems(cloud, lifecycle).length === 0);
        const archives = lifecycle.archiveAfterDays < lifecycle.expireAfterDays;
        expect(plannedTransitions(cloud, lifecycle)).toEqual({
          cool: lifecycle.coolAfterDays,
          ...(archives ? { archive: lifecycle.archiveAfterDays } : {}),
          expire: lifecycle.expireAfterDays,
        });
      }),
    );
  });

  it("property: a lifecycle with a problem would lose a step it asks for", () => {
    fc.assert(
      fc.property(fc.constantFrom(...CLOUDS), lifecycles, (cloud, lifecycle) => {
        fc.pre(lifecycleProblems(cloud, lifecycle).length > 0);
        const steps = plannedTransitions(cloud, lifecycle);
        const archives = lifecycle.archiveAfterDays < lifecycle.expireAfterDays;
        expect(steps.cool === undefined || (archives && steps.archive === undefined)).toBe(true);
      }),
    );
  });

  it("accepts archive on the day of expiry: no archive step", () => {
    const lifecycle = { coolAfterDays: 30, archiveAfterDays: 120, expireAfterDays: 120 };
    expect(lifecycleProblems("azure", lifecycle)).toEqual([]);
    expect(plannedTransitions("azure", lifecycle)).toEqual({ cool: 30, expire: 120 });
  });
});

describe("encryption by classification", () => {
  it("gives every classification but public a customer-managed key", () => {
    expect(CLASSIFICATIONS.filter(usesCustomerManagedKey)).toEqual([...CMK_CLASSIFICATIONS]);
    expect(CMK_CLASSIFICATIONS).toEqual(["internal", "confidential", "restricted"]);
    expect(usesCustomerManagedKey("secret")).toBe(false);
  });

  it("documents each classification in exactly one row, per cloud", () => {
    const covered = ENCRYPTION_TABLE.slice(0, 2).flatMap((row) => row.covers.split(", "));
    expect(covered.sort()).toEqual([...CLASSIFICATIONS].sort());
    for (const row of ENCRYPTION_TABLE) {
      expect(Object.keys(row.at)).toEqual(["aws", "azure", "gcp"]);
    }
  });
});
