/** GeoBackup under Pulumi mocks: ADLS Gen2 vaulted backup into a geo-redundant Backup vault. */
import { beforeEach, describe, expect, it } from "vitest";
import {
  captureParent,
  exampleContext,
  idOf,
  installAzureMocks,
  inputsOf,
  roleId,
  variantContext,
} from "./harness";

const recorder = installAzureMocks();
const { GeoBackup } = await import("../../../../components/azure/geo-backup");

const RG = "rg-test";

beforeEach(() => {
  recorder.reset();
});

function goldIn(region: string) {
  return variantContext("customer-360.yaml", (s) => {
    s.target.region = region;
  });
}

describe("GeoBackup", () => {
  it("backs up the account's containers daily into a geo-redundant vault", async () => {
    const context = goldIn("eastasia");
    const names = context.names.azure;
    const { parent, captured, settle } = captureParent("p-backup");
    const backup = new GeoBackup(
      "backup",
      {
        context,
        resourceGroupName: RG,
        storageAccountId: "/acct",
        storageAccountName: names.storageAccount,
        containerNames: [names.container],
      },
      { parent },
    );
    await settle();

    expect(inputsOf(recorder, "azure-native:dataprotection:BackupVault")).toEqual({
      vaultName: names.backupVault,
      resourceGroupName: RG,
      location: "eastasia",
      identity: { type: "SystemAssigned" },
      properties: {
        storageSettings: [{ datastoreType: "VaultStore", type: "GeoRedundant" }],
        securitySettings: {
          softDeleteSettings: { state: "On", retentionDurationInDays: 14 },
          immutabilitySettings: { state: "Unlocked" },
        },
      },
      tags: context.labels,
    });

    expect(inputsOf(recorder, "azure-native:authorization:RoleAssignment")).toEqual({
      principalId: `${names.backupVault}-principal`,
      principalType: "ServicePrincipal",
      roleDefinitionId: roleId("e5e2a7ff-d759-4cd2-bb51-3152d37e2eb1"),
      scope: "/acct",
    });

    const policy = inputsOf(recorder, "azure-native:dataprotection:BackupPolicy");
    expect(policy).toMatchObject({
      backupPolicyName: "adls-daily",
      vaultName: names.backupVault,
      resourceGroupName: RG,
      properties: {
        objectType: "BackupPolicy",
        datasourceTypes: ["Microsoft.Storage/storageAccounts/adlsBlobServices"],
      },
    });
    const rules = (policy.properties as { policyRules: { name: string }[] }).policyRules;
    expect(rules.map((r) => r.name)).toEqual(["Default", "Yearly", "Monthly", "BackupDaily"]);
    expect(JSON.stringify(rules)).toContain('"duration":"P30D"');
    expect(JSON.stringify(rules)).toContain('"duration":"P6Y"');
    expect(backup.retention).toEqual({ dailyDays: 30, monthlyMonths: 12, yearlyYears: 6 });

    const datasource = {
      resourceID: "/acct",
      resourceUri: "/acct",
      resourceName: names.storageAccount,
      resourceType: "Microsoft.Storage/storageAccounts",
      resourceLocation: "eastasia",
      datasourceType: "Microsoft.Storage/storageAccounts/adlsBlobServices",
    };
    expect(inputsOf(recorder, "azure-native:dataprotection:BackupInstance")).toEqual({
      backupInstanceName: names.storageAccount,
      vaultName: names.backupVault,
      resourceGroupName: RG,
      properties: {
        objectType: "BackupInstance",
        friendlyName: names.storageAccount,
        dataSourceInfo: { objectType: "Datasource", ...datasource },
        dataSourceSetInfo: { objectType: "DatasourceSet", ...datasource },
        policyInfo: {
          policyId: idOf("backup-policy"),
          policyParameters: {
            backupDatasourceParametersList: [
              { objectType: "BlobBackupDatasourceParameters", containersList: [names.container] },
            ],
          },
        },
      },
      tags: context.labels,
    });

    const vault = captured.find((r) => r.type === "azure-native:dataprotection:BackupVault");
    expect(vault).toMatchObject({ retainOnDelete: true, protect: true });
  });

  it("shortens backup retention to a product's shorter retention", async () => {
    const context = variantContext("customer-360.yaml", (s) => {
      s.target.region = "centralindia";
      s.retentionDays = 400;
      s.lifecycle = { coolAfterDays: 30, archiveAfterDays: 180, expireAfterDays: 400 };
    });
    const { parent, settle } = captureParent("p-short");
    const backup = new GeoBackup(
      "backup-short",
      {
        context,
        resourceGroupName: RG,
        storageAccountId: "/acct",
        storageAccountName: "st",
        containerNames: ["wh"],
      },
      { parent },
    );
    await settle();
    expect(backup.retention).toEqual({ dailyDays: 30, monthlyMonths: 12, yearlyYears: 1 });
  });

  it.each([
    ["bronze", () => exampleContext("country-codes.yaml")],
    [
      "silver",
      () =>
        variantContext("country-codes.yaml", (s) => {
          s.tier = "silver";
          s.sla.rpoMinutes = 60;
          s.sla.rtoMinutes = 480;
        }),
    ],
  ])("refuses a %s product", (_tier, context) => {
    expect(
      () =>
        new GeoBackup("bad", {
          context: context(),
          resourceGroupName: RG,
          storageAccountId: "/acct",
          storageAccountName: "st",
          containerNames: ["wh"],
        }),
    ).toThrow(/GeoBackup: args.context is a (bronze|silver) product/);
  });

  it("needs 1 to 100 containers", () => {
    expect(
      () =>
        new GeoBackup("none", {
          context: goldIn("eastasia"),
          resourceGroupName: RG,
          storageAccountId: "/acct",
          storageAccountName: "st",
          containerNames: [],
        }),
    ).toThrow(/args.containerNames must list 1 to 100 containers/);
  });
});
