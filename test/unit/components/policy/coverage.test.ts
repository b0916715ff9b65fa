/**
 * Every control in components/policy/controls.ts is enforced for every cloud where it applies,
 * listed as not applicable there with the reason, or pending (being written on another branch);
 * exactly one of the three.
 */
import { describe, expect, it } from "vitest";
import { CLOUDS } from "#contract";
import {
  CONTROLS,
  NOT_APPLICABLE,
  PENDING,
  meshPolicies,
  type ControlId,
} from "../../../../components/policy/index";

const CONTROL_IDS = Object.keys(CONTROLS) as ControlId[];
const NAMES = new Set(meshPolicies.map((policy) => policy.name));

describe.each(CLOUDS)("%s", (cloud) => {
  it.each(CONTROL_IDS)("%s is enforced, not applicable with a reason, or pending", (control) => {
    const enforced = NAMES.has(`${control.toLowerCase()}-${cloud}`);
    const reason = NOT_APPLICABLE[cloud][control];
    const pending = PENDING[cloud].includes(control);
    const states = [enforced, reason !== undefined, pending].filter(Boolean);
    expect(states).toHaveLength(1);
    if (reason !== undefined) expect(reason.length).toBeGreaterThan(20);
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

  it("is enforced for 52 control × cloud pairs, not applicable for 28 and pending for 12", () => {
    const notApplicable = CLOUDS.flatMap((cloud) => Object.keys(NOT_APPLICABLE[cloud]));
    const pending = CLOUDS.flatMap((cloud) => PENDING[cloud]);
    expect([meshPolicies.length, notApplicable.length, pending.length]).toEqual([52, 28, 12]);
  });
});
