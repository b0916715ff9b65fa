"use client";
/** How long data is kept, and (optionally) when it moves to cooler storage tiers. */
import { getIn } from "../../shared/spec-draft";
import { NumberField, OptionalPart, useSpecForm } from "./fields";

/** What a custom lifecycle starts from when it is switched on. */
const DEFAULT_LIFECYCLE = { coolAfterDays: 30, archiveAfterDays: 90, expireAfterDays: 365 };

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
      <OptionalPart path={["lifecycle"]} initial={DEFAULT_LIFECYCLE}>
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
