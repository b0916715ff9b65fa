"use client";
/**
 * Classification and where the product is deployed. Changing the cloud resets the region to one
 * of the new cloud's; gold products on a cloud may name the secondary region of their backups.
 */
import { CLOUDS, knownRegions, type Cloud } from "#contract/regions";
import { CLASSIFICATIONS } from "#contract/vocabulary";
import { fieldId, getIn } from "../../shared/spec-draft";
import { Field } from "../Field";
import { cloudOf } from "./draft-values";
import { FieldIssues, SelectField, useSpecForm } from "./fields";

export function TargetSection() {
  const { draft, update } = useSpecForm();
  const cloud = cloudOf(draft);
  const regions = knownRegions(cloud);
  const gold = getIn(draft, ["tier"]) === "gold";
  return (
    <fieldset>
      <legend>Classification and target</legend>
      <div className="form-grid">
        <SelectField
          path={["classification"]}
          label="Classification"
          options={CLASSIFICATIONS}
          hint="Columns flagged as PII need confidential or restricted."
        />
        <Field id={fieldId(["target", "cloud"])} label="Cloud">
          <select
            id={fieldId(["target", "cloud"])}
            value={cloud}
            onChange={(event) => {
              const next = event.target.value as Cloud;
              update(["target"], { cloud: next, region: knownRegions(next)[0] ?? "" });
            }}
          >
            {CLOUDS.map((option) => (
              <option key={option} value={option}>
                {option}
              </option>
            ))}
          </select>
          <FieldIssues path={["target", "cloud"]} />
        </Field>
        <SelectField path={["target", "region"]} label="Region" options={regions} />
        {gold && cloud !== "local" && (
          <SelectField
            path={["target", "secondaryRegion"]}
            label="Secondary region"
            options={regions}
            optional
            hint="Leave empty for the default pair."
          />
        )}
      </div>
    </fieldset>
  );
}
