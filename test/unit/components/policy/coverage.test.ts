/**
 * The control list (components/policy/controls.ts) and the policies agree: a control met on a
 * cloud has its policy there, and nothing else has one; a control that does not apply, or that
 * the cloud cannot keep, says why. Nothing is left without one or the other: issue #19 gave every
 * control a policy on every cloud where it applies.
 */
import { describe, expect, it } from "vitest";
import { CLOUDS } from "#contract";
import {
  CONTROL_IDS,
  coverageOf,
  meshPolicies,
  policyName,
  type ControlId,
} from "#components/policy/index";

const NAMES = new Set(meshPolicies.map((policy) => policy.name));
const POLICY_CLOUDS = ["aws", "azure", "gcp"] as const;

describe.each(POLICY_CLOUDS)("%s", (cloud) => {
  it.each(CONTROL_IDS)("%s has its policy exactly when it is met", (control) => {
    const coverage = coverageOf(control, cloud);
    const enforced = NAMES.has(policyName(control, cloud));
    expect({ status: coverage.status, enforced }).toEqual({
      status: coverage.status,
      enforced: coverage.status === "met",
    });
    if ("reason" in coverage) expect(coverage.reason.length).toBeGreaterThan(20);
    if ("setting" in coverage) expect(coverage.setting.length).toBeGreaterThan(5);
  });
});

describe("local", () => {
  it.each(CONTROL_IDS)("%s says why the local target has no policy for it", (control) => {
    const coverage = coverageOf(control, "local");
    expect(coverage.status === "n/a" || coverage.status === "limit").toBe(true);
    expect("reason" in coverage && coverage.reason.length > 20).toBe(true);
  });
});

describe("the control list", () => {
  it("names every policy of the pack <control>-<cloud>, for a control met on that cloud", () => {
    const met = new Set(
      POLICY_CLOUDS.flatMap((cloud) =>
        CONTROL_IDS.filter((c) => coverageOf(c, cloud).status === "met").map((c) =>
          policyName(c, cloud),
        ),
      ),
    );
    expect([...NAMES].sort()).toEqual([...met].sort());
    expect(NAMES.size).toBe(meshPolicies.length);
    for (const policy of meshPolicies) expect(policy.enforcementLevel).toBe("mandatory");
  });

  it("has a policy for 70 control × cloud pairs and a reason for the other 30", () => {
    const pairs = CLOUDS.flatMap((cloud) =>
      CONTROL_IDS.map((control: ControlId) => coverageOf(control, cloud).status),
    );
    const met = pairs.filter((status) => status === "met").length;
    expect([met, pairs.length - met, meshPolicies.length]).toEqual([70, 30, 70]);
  });

  it("states a platform limit only for what a cloud cannot keep: Azure's PITR and catalog", () => {
    const limits = CLOUDS.flatMap((cloud) =>
      CONTROL_IDS.filter((c) => coverageOf(c, cloud).status === "limit").map(
        (c) => `${c} ${cloud}`,
      ),
    );
    expect(limits.sort()).toEqual(["MP-CAT-001 azure", "MP-PITR-001 azure"]);
  });

  it("keeps the ids the policy runner and the docs parse (MP-<AREA>-<NNN>)", () => {
    for (const control of CONTROL_IDS) expect(control).toMatch(/^MP-[A-Z]+-\d{3}$/);
  });
});
