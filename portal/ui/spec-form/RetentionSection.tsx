"use client";
/** How long data is kept, and (optionally) when it moves to cooler storage tiers. */
import { TIER_POLICIES, TIERS, type LifecycleDays, type Tier } from "#contract/tiers";
import { getIn } from "../../shared/spec-draft";
import { NumberField, OptionalPart, useSpecForm } from "./fields";

/** A custom lifecycle starts from the chosen tier's promised one (silver until a tier is set). */
function startingLifecycle(tier: unknown): LifecycleDays {
  const known = (TIERS as readonly unknown[]).includes(tier) ? (tier as Tier) : "silver";
  return TIER_POLICIES[known].defaultLifecycle;
}

export function RetentionSection() {
  const { draft } = useSpecForm();
  const custom = getIn(draft, ["lifecycle"]) !== undefined;
  return (
    <fieldset>
      <legend>Retention and lifecycle</legend>
      <div className="form-grid">
        <NumberField
          path={["retentionDays"]}
          label="Retention (days)"
          hint="Empty: the tier's default."
          min={1}
        />
      </div>
      <OptionalPart path={["lifecycle"]} initial={startingLifecycle(getIn(draft, ["tier"]))}>
        Custom storage lifecycle (otherwise the tier&apos;s default)
      </OptionalPart>
      {custom && (
        <div className="form-grid">
          <NumberField
            path={["lifecycle", "coolAfterDays"]}
            label="Move to cool storage after (days)"
          />
          <NumberField path={["lifecycle", "archiveAfterDays"]} label="Archive after (days)" />
          <NumberField path={["lifecycle", "expireAfterDays"]} label="Expire after (days)" />
        </div>
      )}
    </fieldset>
  );
}
