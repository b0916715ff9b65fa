import { describe, expect, it } from "vitest";
import { productStackName } from "#core/stack-names";
import {
  parseStackConfig,
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

  it("reads an AWS domain stack, whose Glue database lives in one region", () => {
    const values: Record<string, string> = {
      kind: "domain",
      cloud: "aws",
      domain: "sales",
      environment: "prod",
      organization: "acme",
      owner: "sales-data",
      region: "eu-west-1",
    };
    const read = parseStackConfig((key) => values[key]);
    expect(read).toEqual(values);
    const map = toConfigMap(read);
    expect(parseStackConfig((key) => map[`meshplane:${key}`]?.value)).toEqual(read);
  });

  it("names the key a domain stack gets wrong for its cloud", () => {
    const aws = { kind: "domain", cloud: "aws", domain: "sales", environment: "prod", owner: "o" };
    const read = (values: Record<string, string>) => () => parseStackConfig((key) => values[key]);
    expect(read(aws)).toThrow(
      "meshplane:region: Invalid input: expected string, received undefined",
    );
    expect(read({ ...aws, region: "europe-west1" })).toThrow(
      /meshplane:region: must be an AWS region products deploy to \(.*eu-west-1.*\)/,
    );
    expect(read({ ...aws, region: "eu-west-1", location: "EU" })).toThrow(
      'meshplane: Unrecognized key: "location"',
    );
    expect(read({ ...aws, cloud: "azure" })).toThrow(
      "meshplane:cloud: Invalid discriminator value. Expected 'gcp' | 'aws'",
    );
  });

  it("names stacks by the contract's rule", () => {
    expect(productStackName(spec, "prod")).toBe("sandbox.churn-experiments.prod");
  });
});
