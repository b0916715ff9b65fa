/** A validated spec with every tier default applied: what the components actually provision. */
import { defaultSecondaryRegion } from "./regions";
import { effectiveRetention, type DataProductSpec } from "./spec";
import { TIER_POLICIES, type LifecycleDays, type TierPolicy } from "./tiers";

export interface ResolvedDataProduct {
  spec: DataProductSpec;
  policy: TierPolicy;
  retentionDays: number;
  lifecycle: LifecycleDays;
  /** Region of the geo copy; undefined for tiers without geo backup and for the local target. */
  secondaryRegion: string | undefined;
}

export function resolveDataProduct(spec: DataProductSpec): ResolvedDataProduct {
  const policy = TIER_POLICIES[spec.tier];
  const { retentionDays, lifecycle } = effectiveRetention(spec);
  const secondaryRegion = policy.geoBackup
    ? (spec.target.secondaryRegion ?? defaultSecondaryRegion(spec.target.cloud, spec.target.region))
    : undefined;
  return { spec, policy, retentionDays, lifecycle, secondaryRegion };
}
