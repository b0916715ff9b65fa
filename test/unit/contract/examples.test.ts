import { describe, expect, it } from "vitest";
import { loadExampleSpecs } from "#contract/examples";
import { resolveDataProduct } from "#contract";

describe("example specs", () => {
  const examples = loadExampleSpecs();

  it("ships at least five examples covering every cloud and tier", () => {
    expect(examples.length).toBeGreaterThanOrEqual(5);
    const clouds = new Set(examples.map((e) => e.spec.target.cloud));
    const tiers = new Set(examples.map((e) => e.spec.tier));
    expect([...clouds].sort()).toEqual(["aws", "azure", "gcp", "local"]);
    expect([...tiers].sort()).toEqual(["bronze", "gold", "silver"]);
  });

  it("includes the products the platform demonstrates", () => {
    const byName = new Map(examples.map((e) => [e.spec.name, e.spec]));
    expect(byName.get("customer-events")).toMatchObject({
      tier: "gold",
      classification: "confidential",
    });
    expect(byName.get("customer-events")?.table.columns.some((c) => c.pii)).toBe(true);
    expect(byName.get("card-transactions")?.inference?.triggers).toEqual([
      "http",
      "object-created",
    ]);
    expect(byName.get("sensor-readings")?.domain).toBe("iot");
    expect(byName.get("country-codes")?.classification).toBe("public");
    expect(byName.get("churn-experiments")?.target).toEqual({ cloud: "local", region: "local" });
  });

  it.each(examples.map((e) => [e.file, e] as const))(
    "%s file name matches its product",
    (file, e) => {
      expect(file).toBe(`${e.spec.name}.yaml`);
    },
  );

  it("only declares inputs that exist among the examples", () => {
    const refs = new Set(examples.map((e) => `${e.spec.domain}/${e.spec.name}`));
    for (const { spec } of examples) for (const input of spec.inputs) expect(refs).toContain(input);
  });

  it("resolves tier defaults: gold gets a paired secondary region, others none", () => {
    const resolved = examples.map((e) => resolveDataProduct(e.spec));
    const events = resolved.find((r) => r.spec.name === "customer-events");
    expect(events?.secondaryRegion).toBe("eu-central-1");
    const scores = resolved.find((r) => r.spec.name === "fraud-scores");
    expect(scores?.secondaryRegion).toBe("europe-west4");
    const readings = resolved.find((r) => r.spec.name === "sensor-readings");
    expect(readings?.secondaryRegion).toBeUndefined();
    expect(readings?.lifecycle).toEqual({
      coolAfterDays: 30,
      archiveAfterDays: 90,
      expireAfterDays: 365,
    });
  });
});
