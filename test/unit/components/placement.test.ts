/**
 * A spec the contract accepts must deploy: for every region of every cloud and every tier, either
 * the contract refuses the spec at target.region, or the components' planners can place it.
 */
import { describe, expect, it } from "vitest";
import {
  TIERS,
  knownRegions,
  parseDataProductSpec,
  resolveDataProduct,
  type Cloud,
} from "#contract";
import { redundancyProblem } from "#components/azure/planning/storage";
import { warehousePlacement } from "#components/gcp/planning/locations";
import { variant } from "../../support/specs";

const EXAMPLE: Record<Exclude<Cloud, "local">, string> = {
  aws: "card-transactions.yaml",
  azure: "customer-360.yaml",
  gcp: "fraud-scores.yaml",
};

/** Loose enough for every tier, so only the placement can make the spec invalid. */
const SLA = { freshnessMinutes: 60, availabilityPercent: 99, rpoMinutes: 1440, rtoMinutes: 2880 };

describe.each(["aws", "azure", "gcp"] as const)("%s placement", (cloud) => {
  it("accepts a tier in a region only where the planners can place it", () => {
    let accepted = 0;
    for (const region of knownRegions(cloud)) {
      for (const tier of TIERS) {
        const label = `${tier} in ${region}`;
        const result = parseDataProductSpec(
          variant(EXAMPLE[cloud], (s) => {
            s.tier = tier;
            s.sla = SLA;
            s.target = { cloud, region };
          }),
        );
        if (!result.success) {
          expect(
            result.issues.map((i) => i.path),
            label,
          ).toEqual(["target.region"]);
          continue;
        }
        accepted += 1;
        const { policy, secondaryRegion } = resolveDataProduct(result.spec);
        // A tier with a geo copy always gets a secondary region (the contract's default pair).
        expect(secondaryRegion === undefined, label).toBe(!policy.geoBackup);
        if (cloud === "azure") expect(redundancyProblem(tier, region), label).toBeUndefined();
        if (cloud === "gcp") {
          expect(() => warehousePlacement(region, secondaryRegion), label).not.toThrow();
        }
      }
    }
    expect(accepted).toBeGreaterThan(knownRegions(cloud).length);
  });
});
