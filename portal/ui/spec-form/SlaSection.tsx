"use client";
/** The product's service levels: freshness, availability, recovery point and recovery time. */
import { NumberField } from "./fields";

export function SlaSection() {
  return (
    <fieldset>
      <legend>Service levels</legend>
      <div className="form-grid">
        <NumberField path={["sla", "freshnessMinutes"]} label="Freshness (minutes)" />
        <NumberField path={["sla", "availabilityPercent"]} label="Availability (%)" step={0.01} />
        <NumberField path={["sla", "rpoMinutes"]} label="Recovery point objective (minutes)" />
        <NumberField path={["sla", "rtoMinutes"]} label="Recovery time objective (minutes)" />
      </div>
    </fieldset>
  );
}
