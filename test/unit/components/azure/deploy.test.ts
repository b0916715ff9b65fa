/**
 * deployAzure end to end under Pulumi mocks: the Azure examples and variants across tier,
 * classification, region and inference, with their exact outputs and zero policy violations.
 */
import { beforeEach, describe, expect, it } from "vitest";
import type { DataProductOutputs } from "#contract";
import type { ProductContext } from "../../../../components/context";
import { runPolicies } from "../../../support/policy-runner";
import { valueOf } from "../../../support/pulumi-mocks";
import {
  captureParent,
  exampleContext,
  idOf,
  installAzureMocks,
  inputsOf,
  variantContext,
} from "./harness";

const recorder = installAzureMocks();
const { deployAzure } = await import("../../../../components/azure/deploy");
const { azurePolicies } = await import("../../../../components/policy/azure");
const { Provider } = await import("@pulumi/azure-native/provider");

beforeEach(() => {
  recorder.reset();
});

const SA = "azure-native:storage:StorageAccount";

interface Case {
  label: string;
  context: () => ProductContext;
  sku: string;
  cmk: boolean;
  vault: boolean;
  inference: "none" | "http" | "events" | "both";
  backup: (c: ProductContext) => DataProductOutputs["backup"];
}

const noBackup = (): DataProductOutputs["backup"] => ({ kind: "none" });

const CASES: Case[] = [
  {
    label: "country-codes: bronze public, no inference",
    context: () => exampleContext("country-codes.yaml"),
    sku: "Standard_LRS",
    cmk: false,
    vault: false,
    inference: "none",
    backup: noBackup,
  },
  {
    label: "customer-360: gold restricted with inference, no ADLS backup in northeurope",
    context: () => exampleContext("customer-360.yaml"),
    sku: "Standard_RAGZRS",
    cmk: true,
    vault: false,
    inference: "http",
    backup: (c) => ({
      kind: "none",
      region: "westeurope",
      location: `https://${c.names.azure.storageAccount}-secondary.dfs.core.windows.net`,
    }),
  },
  {
    label: "gold restricted in eastasia: vaulted ADLS backup, no inference",
    context: () =>
      variantContext("customer-360.yaml", (s) => {
        s.target.region = "eastasia";
        delete s.inference;
      }),
    sku: "Standard_RAGZRS",
    cmk: true,
    vault: true,
    inference: "none",
    backup: () => ({
      kind: "azure-backup-vault",
      region: "southeastasia",
      location: idOf("customer-360-backup-vault"),
    }),
  },
  {
    label: "gold confidential in centralindia with both triggers",
    context: () =>
      variantContext("customer-360.yaml", (s) => {
        s.target.region = "centralindia";
        s.classification = "confidential";
        s.inference.triggers = ["http", "object-created"];
      }),
    sku: "Standard_RAGZRS",
    cmk: false,
    vault: true,
    inference: "both",
    backup: () => ({
      kind: "azure-backup-vault",
      region: "southindia",
      location: idOf("customer-360-backup-vault"),
    }),
  },
  {
    label: "silver confidential with an object-created function",
    context: () =>
      variantContext("country-codes.yaml", (s) => {
        s.tier = "silver";
        s.classification = "confidential";
        s.sla.rpoMinutes = 60;
        s.sla.rtoMinutes = 480;
        s.inference = {
          runtime: "python3.13",
          handler: "function_app.on_new_file",
          artifact: "https://artifacts.blob.core.windows.net/r/f.zip",
          memoryMb: 512,
          timeoutSeconds: 120,
          reservedConcurrency: 5,
          triggers: ["object-created"],
        };
      }),
    sku: "Standard_ZRS",
    cmk: false,
    vault: false,
    inference: "events",
    backup: noBackup,
  },
  {
    label: "bronze restricted with an http function",
    context: () =>
      variantContext("country-codes.yaml", (s) => {
        s.classification = "restricted";
        s.inference = {
          runtime: "nodejs22",
          handler: "index.lookup",
          artifact: "https://artifacts.blob.core.windows.net/r/l.zip",
          memoryMb: 2048,
          timeoutSeconds: 10,
          triggers: ["http"],
        };
      }),
    sku: "Standard_LRS",
    cmk: true,
    vault: false,
    inference: "http",
    backup: noBackup,
  },
];

describe("deployAzure", () => {
  it.each(CASES)("$label", async (c) => {
    const context = c.context();
    const { spec } = context;
    const names = context.names.azure;
    const { parent, captured, settle } = captureParent(`p-${c.label}`);
    const outputs = await valueOf(deployAzure(context, parent, {}));
    await settle();

    const storageUri = `abfss://${names.container}@${names.storageAccount}.dfs.core.windows.net/${spec.domain}/${spec.name}`;
    const handler = spec.inference?.handler?.split(".").pop() ?? "";
    expect(outputs).toEqual({
      cloud: "azure",
      region: spec.target.region,
      storageUri,
      catalog: {
        kind: "meshplane",
        database: spec.domain,
        table: spec.name,
        metadataLocation: `${storageUri}/metadata/`,
      },
      backup: c.backup(context),
      ...(c.inference === "none"
        ? {}
        : {
            inference: {
              name: names.functionApp,
              ...(c.inference === "events"
                ? {}
                : { endpointUrl: `https://${names.functionApp}.azurewebsites.net/api/${handler}` }),
            },
          }),
      tags: context.labels,
    });

    // The resource group holds the data stores, so it is retained (and protected for gold).
    expect(inputsOf(recorder, "azure-native:resources:ResourceGroup")).toEqual({
      resourceGroupName: names.resourceGroup,
      location: spec.target.region,
      tags: context.labels,
    });
    const group = captured.find((r) => r.type === "azure-native:resources:ResourceGroup");
    expect(group).toMatchObject({
      retainOnDelete: true,
      protect: context.policy.protectDataStores,
    });

    const lake = recorder.ofType(SA).find((r) => r.inputs.isHnsEnabled === true);
    expect(lake?.inputs).toMatchObject({
      accountName: names.storageAccount,
      resourceGroupName: names.resourceGroup,
      sku: { name: c.sku },
      encryption: { keySource: c.cmk ? "Microsoft.Keyvault" : "Microsoft.Storage" },
    });
    expect(
      inputsOf(recorder, "azure-native:storage:ManagementPolicy", "lifecycle-policy"),
    ).toMatchObject({ managementPolicyName: "default", accountName: names.storageAccount });
    expect(recorder.ofType("azure-native:keyvault:Vault")).toHaveLength(c.cmk ? 1 : 0);
    expect(recorder.ofType("azure-native:dataprotection:BackupVault")).toHaveLength(
      c.vault ? 1 : 0,
    );
    expect(recorder.ofType("azure-native:dataprotection:BackupInstance")).toHaveLength(
      c.vault ? 1 : 0,
    );
    expect(recorder.ofType("azure-native:web:WebApp")).toHaveLength(c.inference === "none" ? 0 : 1);
    expect(recorder.ofType("azure-native:eventgrid:SystemTopic")).toHaveLength(
      c.inference === "events" || c.inference === "both" ? 1 : 0,
    );
    // Restricted products encrypt the function's runtime storage with the same key.
    for (const account of recorder.ofType(SA)) {
      expect(account.inputs.encryption, String(account.inputs.accountName)).toMatchObject({
        keySource: c.cmk ? "Microsoft.Keyvault" : "Microsoft.Storage",
      });
    }

    expect(await runPolicies(azurePolicies, recorder.resources)).toEqual([]);
  });

  it("gives the policies a graph they can fail: a mutated lake is caught", async () => {
    const context = exampleContext("customer-360.yaml");
    const { parent, settle } = captureParent("p-mutated");
    await valueOf(deployAzure(context, parent, {}));
    await settle();
    const mutated = structuredClone(recorder.resources).map((r) =>
      r.type === SA && r.inputs.isHnsEnabled === true
        ? {
            ...r,
            inputs: { ...r.inputs, sku: { name: "Standard_ZRS" }, allowBlobPublicAccess: true },
          }
        : r,
    );
    const policies = (await runPolicies(azurePolicies, mutated)).map((v) => v.policy);
    expect(policies.sort()).toEqual(["mp-geo-001-azure", "mp-net-001-azure"]);
  });

  it("uses the provider it is given for every resource", async () => {
    const context = exampleContext("customer-360.yaml");
    const { parent, settle } = captureParent("p-provider");
    const provider = new Provider("explicit", { location: "northeurope" }, { parent });
    await valueOf(deployAzure(context, parent, { primary: provider }));
    await settle();
    const azure = recorder.resources.filter((r) => r.type.startsWith("azure-native:"));
    expect(azure.length).toBeGreaterThan(20);
    for (const r of azure) expect(r.provider, `${r.type} ${r.name}`).toContain("explicit");
  });

  it("refuses a secondary region other than the Azure pair, naming it", () => {
    // The contract refuses such a spec; a context built without it still cannot deploy one.
    const valid = exampleContext("customer-360.yaml");
    const context = {
      ...valid,
      spec: { ...valid.spec, target: { ...valid.spec.target, secondaryRegion: "uksouth" } },
    };
    const { parent } = captureParent("p-pair");
    expect(() => deployAzure(context, parent, {})).toThrow(
      "deployAzure: context.spec.target.secondaryRegion: Azure geo-redundant storage in northeurope replicates only to its paired region westeurope, not uksouth",
    );
  });

  it("accepts the pair spelled out", async () => {
    const context = variantContext("customer-360.yaml", (s) => {
      s.target.secondaryRegion = "westeurope";
    });
    const { parent, settle } = captureParent("p-pair-ok");
    const outputs = await valueOf(deployAzure(context, parent, {}));
    await settle();
    expect(outputs.backup.region).toBe("westeurope");
  });

  it("refuses a product for another cloud", () => {
    const context = variantContext("country-codes.yaml", (s) => {
      s.target = { cloud: "aws", region: "eu-west-1" };
    });
    const { parent } = captureParent("p-aws");
    expect(() => deployAzure(context, parent, {})).toThrow(/must be azure, not aws/);
  });
});
