import { describe, expect, it } from "vitest";
import { productStackName } from "#core/stack-names";
import { parseStackConfig, toConfigMap, type ProductStackConfig } from "#infra/stack-config";
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

  describe("an Azure product's platform settings (meshplane:azure)", () => {
    const azureSpec = DataProductSpec.parse(exampleInput("customer-360.yaml"));
    const azure = {
      network: {
        allowedIpRanges: ["203.0.113.0/24"],
        allowedSubnetIds: [
          "/subscriptions/s/resourceGroups/net/providers/Microsoft.Network/virtualNetworks/hub/subnets/pipelines",
        ],
        privateEndpoint: {
          subnetId:
            "/subscriptions/s/resourceGroups/net/providers/Microsoft.Network/virtualNetworks/hub/subnets/endpoints",
          privateDnsZoneIds: {
            dfs: "/subscriptions/s/resourceGroups/dns/providers/Microsoft.Network/privateDnsZones/privatelink.dfs.core.windows.net",
            blob: "/subscriptions/s/resourceGroups/dns/providers/Microsoft.Network/privateDnsZones/privatelink.blob.core.windows.net",
          },
        },
      },
      functionAccess: {
        entra: {
          clientId: "11111111-2222-4333-8444-555555555555",
          tenantId: "22222222-3333-4444-8555-666666666666",
          allowedApplications: ["66666666-7777-4888-9999-aaaaaaaaaaaa"],
          allowedPrincipalObjectIds: ["77777777-8888-4999-aaaa-bbbbbbbbbbbb"],
        },
        allowedIpRanges: ["198.51.100.7"],
      },
    };
    const azureConfig: ProductStackConfig = { ...config, spec: azureSpec, azure };
    delete azureConfig.warehouseRoot;
    const read = (change: Record<string, unknown>) => () => {
      const map = toConfigMap({ ...azureConfig, ...change });
      return parseStackConfig((key) => map[`meshplane:${key}`]?.value);
    };

    it("round-trips as JSON, a plain (not secret) value", () => {
      const map = toConfigMap(azureConfig);
      expect(map["meshplane:azure"]).toEqual({ value: JSON.stringify(azure), secret: false });
      expect(read({})()).toEqual(azureConfig);
    });

    it("names the setting it refuses", () => {
      const entra = { ...azure.functionAccess.entra, clientId: "api://propensity" };
      expect(read({ azure: { functionAccess: { entra } } })).toThrow(
        "meshplane:azure.functionAccess.entra.clientId: must be the app registration's application (client) id, a GUID",
      );
      expect(read({ azure: { network: { allowedIpRanges: ["10.1.0.0/16"] } } })).toThrow(
        "meshplane:azure.network.allowedIpRanges.0: 10.1.0.0/16 is a private range, which the storage firewall ignores",
      );
      expect(read({ azure: { network: { allowedSubnetIds: ["hub/pipelines"] } } })).toThrow(
        /meshplane:azure\.network\.allowedSubnetIds\.0: must be an Azure resource id like \/subscriptions\/<id>\/.*\/subnets\/<subnet>/,
      );
      expect(read({ azure: { functionAccess: { allowedIps: [] } } })).toThrow(
        'meshplane:azure.functionAccess: Unrecognized key: "allowedIps"',
      );
    });

    it("belongs to Azure products only", () => {
      expect(read({ spec })).toThrow("meshplane:azure: applies to Azure products only");
    });
  });

  it("carries catalogOwned as a JSON boolean, for local and Azure products only", () => {
    const owned = { ...config, catalogOwned: true };
    const map = toConfigMap(owned);
    expect(map["meshplane:catalogOwned"]).toEqual({ value: "true", secret: false });
    expect(parseStackConfig((key) => map[`meshplane:${key}`]?.value)).toEqual(owned);
    const gcpSpec = DataProductSpec.parse(exampleInput("fraud-scores.yaml"));
    const gcp = toConfigMap({ ...config, spec: gcpSpec, catalogOwned: true });
    expect(() => parseStackConfig((key) => gcp[`meshplane:${key}`]?.value)).toThrow(
      "meshplane:catalogOwned: applies to local and Azure products only",
    );
  });

  it("names stacks by the contract's rule", () => {
    expect(productStackName(spec, "prod")).toBe("sandbox.churn-experiments.prod");
  });
});
