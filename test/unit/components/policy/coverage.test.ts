/**
 * Every control in components/policy/controls.ts is enforced for every cloud where it applies,
 * or listed as not applicable there with the reason; never both, never neither.
 */
import { describe, expect, it } from "vitest";
import { CLOUDS } from "#contract";
import {
  CONTROLS,
  NOT_APPLICABLE,
  meshPolicies,
  type ControlId,
} from "../../../../components/policy/index";

const CONTROL_IDS = Object.keys(CONTROLS) as ControlId[];
const NAMES = new Set(meshPolicies.map((policy) => policy.name));

describe.each(CLOUDS)("%s", (cloud) => {
  it.each(CONTROL_IDS)("%s is enforced or not applicable with a reason", (control) => {
    const enforced = NAMES.has(`${control.toLowerCase()}-${cloud}`);
    const reason = NOT_APPLICABLE[cloud][control];
    expect({ enforced, reason: reason !== undefined && reason.length > 20 }).toEqual(
      enforced ? { enforced: true, reason: false } : { enforced: false, reason: true },
    );
  });
});

describe("meshPolicies", () => {
  it("holds one mandatory policy per <control>-<cloud>, for known controls only", () => {
    const pattern = /^(mp-[a-z]+-\d{3})-(aws|azure|gcp)$/;
    for (const policy of meshPolicies) {
      const match = pattern.exec(policy.name);
      expect(
        match === null ? policy.name : CONTROL_IDS.includes(match[1]?.toUpperCase() as ControlId),
      ).toBe(true);
      expect(policy.enforcementLevel).toBe("mandatory");
    }
    expect(NAMES.size).toBe(meshPolicies.length);
  });

  it("is enforced for 28 control × cloud pairs and not applicable for 12", () => {
    const notApplicable = CLOUDS.flatMap((cloud) => Object.keys(NOT_APPLICABLE[cloud]));
    expect([meshPolicies.length, notApplicable.length]).toEqual([28, 12]);
  });
});
