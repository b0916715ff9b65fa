/**
 * The Pulumi program's product stack for each cloud target, planned under the production plan
 * mocks (infra/plan/mocks.ts answer like each cloud): what `pulumi preview` of a cloud stack
 * would build, with no credentials and no provider plugins, which this machine does not have.
 */
import { describe, expect, it, vi } from "vitest";
import * as pulumi from "@pulumi/pulumi";
import { DataProductSpec, type DataProductOutputs } from "#contract";
import { installPlanMocks } from "#infra/plan/mocks";
import type { ProductStackConfig } from "#infra/stack-config";
import { exampleInput } from "../../support/specs";

function resolved<T>(output: pulumi.Output<T>): Promise<T> {
  return new Promise((resolve) => {
    output.apply((value) => {
      resolve(value);
      return value;
    });
  });
}

const CATALOG_ENTRY = "pulumi-nodejs:dynamic/meshplane/catalog:MeshCatalogEntry";

/**
 * Plans the product stack of an example spec (with the stack's `meshplane:azure` settings, if
 * any) until its catalog entry registers, once the outputs it sends are known.
 */
async function planStack(file: string, azure?: ProductStackConfig["azure"]) {
  const spec = DataProductSpec.parse(exampleInput(file));
  const recorded = installPlanMocks(spec.target.region);
  const { productStack } = await import("#infra/product-stack");
  const config: ProductStackConfig = {
    kind: "product",
    spec,
    environment: "prod",
    catalogUrl: "https://portal.example.com",
    platformToken: "p".repeat(40),
    ...(azure === undefined ? {} : { azure }),
  };
  const outputs: DataProductOutputs = await resolved(productStack(config));
  await vi.waitFor(() => {
    expect(recorded.filter((r) => r.type === CATALOG_ENTRY)).toHaveLength(1);
  });
  return { spec, outputs, recorded };
}

const CASES = [
  { file: "card-transactions.yaml", cloud: "aws", storage: /^s3:\/\//, catalog: "glue" },
  { file: "fraud-scores.yaml", cloud: "gcp", storage: /^gs:\/\//, catalog: "bigquery" },
  { file: "country-codes.yaml", cloud: "azure", storage: /^abfss:\/\//, catalog: "meshplane" },
] as const;

describe("the product stack of each cloud under mocks", () => {
  it.each(CASES)(
    "plans $cloud ($file) with a catalog entry",
    async ({ file, cloud, storage, catalog }) => {
      const { spec, outputs } = await planStack(file);
      expect([outputs.cloud, outputs.region]).toEqual([cloud, spec.target.region]);
      expect(outputs.storageUri).toMatch(storage);
      expect(outputs.catalog.kind).toBe(catalog);
    },
  );
});

/** The platform's Azure settings of a stack (`meshplane:azure`), as the platform team sets them. */
const CLIENT_ID = "11111111-2222-4333-8444-555555555555";
const CALLER_APP = "66666666-7777-4888-9999-aaaaaaaaaaaa";
const AZURE_OPTIONS: ProductStackConfig["azure"] = {
  network: { allowedIpRanges: ["203.0.113.0/24"] },
  functionAccess: {
    entra: { clientId: CLIENT_ID, allowedApplications: [CALLER_APP] },
    allowedIpRanges: ["198.51.100.7"],
  },
};

describe("the Azure product stack with the platform's settings", () => {
  async function plan(azure?: ProductStackConfig["azure"]) {
    const { recorded } = await planStack("customer-360.yaml", azure);
    const one = (type: string, name?: RegExp) => {
      const found = recorded.filter((r) => r.type === type && (name?.test(r.name) ?? true));
      expect(found, type).toHaveLength(1);
      return found[0]?.inputs ?? {};
    };
    return {
      auth: one("azure-native:web:WebAppAuthSettingsV2"),
      app: one("azure-native:web:WebApp"),
      lake: one("azure-native:storage:StorageAccount", /-storage-account$/),
    };
  }

  it("accepts the tokens of the stack's Entra app registration and lets the allowed networks in", async () => {
    const { auth, app, lake } = await plan(AZURE_OPTIONS);
    expect(auth).toMatchObject({
      globalValidation: { requireAuthentication: true, unauthenticatedClientAction: "Return401" },
      identityProviders: {
        azureActiveDirectory: {
          enabled: true,
          registration: { clientId: CLIENT_ID },
          validation: {
            allowedAudiences: [`api://${CLIENT_ID}`, CLIENT_ID],
            defaultAuthorizationPolicy: { allowedApplications: [CALLER_APP] },
          },
        },
      },
    });
    expect(app).toMatchObject({
      siteConfig: {
        ipSecurityRestrictionsDefaultAction: "Deny",
        ipSecurityRestrictions: [{ ipAddress: "198.51.100.7/32", action: "Allow" }],
      },
    });
    expect(lake).toMatchObject({
      networkRuleSet: {
        defaultAction: "Deny",
        ipRules: [{ iPAddressOrRange: "203.0.113.0/24", action: "Allow" }],
      },
    });
  });

  it("without them, keeps the function closed to every caller and the lake to the internet", async () => {
    const { auth, app, lake } = await plan();
    expect(auth).toMatchObject({ globalValidation: { requireAuthentication: true } });
    expect(auth).not.toHaveProperty("identityProviders");
    expect(app).not.toHaveProperty("siteConfig.ipSecurityRestrictions");
    expect(lake).toMatchObject({ networkRuleSet: { defaultAction: "Deny", ipRules: [] } });
  });
});
