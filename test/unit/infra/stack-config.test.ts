import { describe, expect, it } from "vitest";
import {
  domainStackName,
  parseStackConfig,
  productStackName,
  toConfigMap,
  type ProductStackConfig,
} from "../../../infra/stack-config";
import { exampleInput } from "../../support/specs";
import { DataProductSpec } from "#contract";

const spec = DataProductSpec.parse(exampleInput("churn-experiments.yaml"));
const config: ProductStackConfig = {
  kind: "product",
  spec,
  environment: "dev",
  catalogUrl: "http://localhost:3000",
  platformToken: "t".repeat(32),
  warehouseRoot: "/srv/warehouse",
};

describe("stack config", () => {
  it("round-trips through the config map the worker writes and the program reads", () => {
    const map = toConfigMap(config);
    expect(Object.keys(map).sort()).toEqual([
      "meshplane:catalogUrl",
      "meshplane:environment",
      "meshplane:kind",
      "meshplane:platformToken",
      "meshplane:spec",
      "meshplane:warehouseRoot",
    ]);
    expect(map["meshplane:platformToken"]).toEqual({ value: "t".repeat(32), secret: true });
    expect(map["meshplane:spec"]?.secret).toBe(false);
    const read = parseStackConfig((key) => map[`meshplane:${key}`]?.value);
    expect(read).toEqual(config);
  });

  it("names every invalid key", () => {
    expect(() =>
      parseStackConfig((key) => ({ environment: "Prod!", catalogUrl: "ftp://x", spec: "{}" })[key]),
    ).toThrow(
      /meshplane:spec\.[\s\S]*meshplane:environment: an environment is 2-12[\s\S]*meshplane:catalogUrl: must be an http\(s\) URL/,
    );
  });

  it("refuses a spec that is not JSON", () => {
    expect(() => parseStackConfig((key) => (key === "spec" ? "{nope" : undefined))).toThrow(
      "invalid stack config: meshplane:spec is not valid JSON",
    );
  });

  it("reads a domain stack", () => {
    const values: Record<string, string> = {
      kind: "domain",
      cloud: "gcp",
      domain: "sales",
      environment: "prod",
      owner: "sales-data",
      location: "EU",
    };
    expect(parseStackConfig((key) => values[key])).toEqual(values);
  });

  it("names stacks by the contract's rule", () => {
    expect(productStackName(spec, "prod")).toBe("sandbox.churn-experiments.prod");
    expect(domainStackName("sales", "prod")).toBe("sales._domain.prod");
  });
});
