/**
 * GeoBackup under Pulumi mocks: ADLS Gen2 vaulted backup into a geo-redundant, locked Backup
 * vault, the backup instance sent as a generic ARM resource at API 2025-07-01.
 *
 * The Azure values are Microsoft's, not the implementation's (sources by the constants below).
 */
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
const { GeoBackup } = await import("#components/azure/geo-backup");

const RG = "rg-test";

/**
 * Azure/azure-rest-api-specs, specification/dataprotection/resource-manager/Microsoft.DataProtection/
 * DataProtection/stable/2025-07-01/examples/BackupInstanceOperations/
 * PutBackupInstance_ADLSBlobBackupDatasourceParameters.json: `datasourceType` of dataSourceInfo
 * and dataSourceSetInfo, and the parameters type of the ADLS datasource (defined in that version's
 * dataprotection.json, absent from 2025-01-01's).
 */
const ADLS_DATASOURCE_TYPE = "Microsoft.Storage/storageAccounts/adlsBlobServices";
const ADLS_PARAMETERS_OBJECT_TYPE = "AdlsBlobBackupDatasourceParameters";
/**
 * Storage Account Backup Contributor, which Microsoft's ADLS vaulted-backup template grants the
 * vault's system-assigned identity on the account (MicrosoftDocs/azure-docs,
 * articles/backup/azure-data-lake-storage-backup-configure-quickstart-arm-bicep.md).
 */
const STORAGE_ACCOUNT_BACKUP_CONTRIBUTOR = "e5e2a7ff-d759-4cd2-bb51-3152d37e2eb1";

const GENERIC = "azure-native:resources:Resource";

beforeEach(() => {
  recorder.reset();
});

function goldIn(region: string) {
  return variantContext("customer-360.yaml", (s) => {
    s.target.region = region;
  });
}

/** A GeoBackup of account "st" (container "wh") under a captured parent, settled. */
async function settledBackup(name: string, context: ReturnType<typeof goldIn>) {
  const { parent, settle } = captureParent(`p-${name}`);
  const backup = new GeoBackup(
    name,
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
  return backup;
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
          immutabilitySettings: { state: "Locked" },
        },
      },
      tags: context.labels,
    });

    expect(inputsOf(recorder, "azure-native:authorization:RoleAssignment")).toEqual({
      principalId: `${names.backupVault}-principal`,
      principalType: "ServicePrincipal",
      roleDefinitionId: roleId(STORAGE_ACCOUNT_BACKUP_CONTRIBUTOR),
      scope: "/acct",
    });

    const policy = inputsOf(recorder, "azure-native:dataprotection:BackupPolicy");
    expect(policy).toMatchObject({
      backupPolicyName: "adls-daily",
      vaultName: names.backupVault,
      resourceGroupName: RG,
      properties: {
        objectType: "BackupPolicy",
        datasourceTypes: [ADLS_DATASOURCE_TYPE],
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
      datasourceType: ADLS_DATASOURCE_TYPE,
    };
    expect(inputsOf(recorder, GENERIC)).toEqual({
      resourceGroupName: RG,
      resourceProviderNamespace: "Microsoft.DataProtection",
      parentResourcePath: `backupVaults/${names.backupVault}`,
      resourceType: "backupInstances",
      resourceName: names.storageAccount,
      apiVersion: "2025-07-01",
      properties: {
        objectType: "BackupInstance",
        friendlyName: names.storageAccount,
        dataSourceInfo: { objectType: "Datasource", ...datasource },
        dataSourceSetInfo: { objectType: "DatasourceSet", ...datasource },
        policyInfo: {
          policyId: idOf("backup-policy"),
          policyParameters: {
            backupDatasourceParametersList: [
              { objectType: ADLS_PARAMETERS_OBJECT_TYPE, containersList: [names.container] },
            ],
          },
        },
      },
      tags: context.labels,
    });
    expect(recorder.ofType("azure-native:dataprotection:BackupInstance")).toEqual([]);
    expect(backup.backupInstanceId).toBeDefined();

    const vault = captured.find((r) => r.type === "azure-native:dataprotection:BackupVault");
    expect(vault).toMatchObject({ retainOnDelete: true, protect: true });
  });

  it("sends the ADLS parameters type at 2025-07-01, which the SDK's BackupInstance cannot", async () => {
    await settledBackup("backup-params", goldIn("centralindia"));
    const sent = inputsOf(recorder, GENERIC) as {
      apiVersion: string;
      properties: {
        dataSourceInfo: { datasourceType: string };
        dataSourceSetInfo: { datasourceType: string };
        policyInfo: {
          policyParameters: { backupDatasourceParametersList: { objectType: string }[] };
        };
      };
    };
    expect(sent.apiVersion).toBe("2025-07-01");
    expect(sent.properties.dataSourceInfo.datasourceType).toBe(ADLS_DATASOURCE_TYPE);
    expect(sent.properties.dataSourceSetInfo.datasourceType).toBe(ADLS_DATASOURCE_TYPE);
    expect(
      sent.properties.policyInfo.policyParameters.backupDatasourceParametersList.map(
        (p) => p.objectType,
      ),
    ).toEqual([ADLS_PARAMETERS_OBJECT_TYPE]);
  });

  it("refuses a region where Azure Backup does not protect ADLS Gen2 accounts", () => {
    expect(
      () =>
        new GeoBackup("elsewhere", {
          context: goldIn("eastasia"),
          location: "northeurope",
          resourceGroupName: RG,
          storageAccountId: "/acct",
          storageAccountName: "st",
          containerNames: ["wh"],
        }),
    ).toThrow(
      /GeoBackup: args.location: Azure Backup offers no vaulted backup of ADLS Gen2 accounts in northeurope/,
    );
  });

  it("shortens backup retention to a product's shorter retention", async () => {
    const context = variantContext("customer-360.yaml", (s) => {
      s.target.region = "centralindia";
      s.retentionDays = 400;
      s.lifecycle = { coolAfterDays: 30, archiveAfterDays: 180, expireAfterDays: 400 };
    });
    const backup = await settledBackup("backup-short", context);
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
