"use client";
/** Tier choice with what each tier provisions on the chosen cloud (contract's capability matrix). */
import { capabilitiesFor } from "#contract/capabilities";
import { TIERS, TIER_POLICIES } from "#contract/tiers";
import { fieldId, getIn } from "../../shared/spec-draft";
import { cloudOf } from "./draft-values";
import { FieldIssues, useSpecForm } from "./fields";

export function TierSection() {
  const { draft, update } = useSpecForm();
  const cloud = cloudOf(draft);
  const selected = getIn(draft, ["tier"]);
  return (
    <fieldset id={fieldId(["tier"])}>
      <legend>Tier</legend>
      <p className="field-hint">What backup and recovery the product gets on {cloud}.</p>
      <div className="tier-options" role="radiogroup" aria-label="Tier">
        {TIERS.map((tier) => (
          <label key={tier} className="tier-option" style={{ fontWeight: 400 }}>
            <span className="row">
              <input
                type="radio"
                name="tier"
                value={tier}
                checked={selected === tier}
                onChange={() => {
                  update(["tier"], tier);
                }}
              />
              <strong style={{ textTransform: "capitalize" }}>{tier}</strong>
            </span>
            <span className="small muted" style={{ display: "block" }}>
              {TIER_POLICIES[tier].summary}
            </span>
            <ul className="capabilities" aria-label={`${tier} capabilities on ${cloud}`}>
              {capabilitiesFor(cloud, tier).map(({ capability, cell }) => (
                <li key={capability} data-supported={cell.supported}>
                  {cell.supported ? "✓" : "–"} <strong>{capability}</strong>: {cell.detail}
                </li>
              ))}
            </ul>
          </label>
        ))}
      </div>
      <FieldIssues path={["tier"]} />
    </fieldset>
  );
}
