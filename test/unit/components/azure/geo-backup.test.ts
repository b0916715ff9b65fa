/**
 * GeoBackup under Pulumi mocks: ADLS Gen2 vaulted backup into a geo-redundant Backup vault.
 *
 * The Azure values are Microsoft's, not the implementation's (sources by the constants below).
 */
import type * as inputs from "@pulumi/azure-native/types/input";
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

/**
 * Azure/azure-rest-api-specs, specification/dataprotection/resource-manager/Microsoft.DataProtection/
 * DataProtection/stable/2025-07-01/examples/BackupInstanceOperations/
 * PutBackupInstance_ADLSBlobBackupDatasourceParameters.json: `datasourceType` of dataSourceInfo
 * and dataSourceSetInfo, and the parameters type of the ADLS datasource (defined in that version's
 * dataprotection.json, absent from 2025-01-01's).
 */
const ADLS_DATASOURCE_TYPE = "Microsoft.Storage/storageAccounts/adlsBlobServices";
const ADLS_PARAMETERS_OBJECT_TYPE = "AdlsBlobBackupDatasourceParameters";
/** What the installed SDK (dataprotection at API 2025-01-01) can send instead; see geo-backup.ts. */
const BLOB_PARAMETERS_OBJECT_TYPE = "BlobBackupDatasourceParameters";
/**
 * Storage Account Backup Contributor, which Microsoft's ADLS vaulted-backup template grants the
 * vault's system-assigned identity on the account (MicrosoftDocs/azure-docs,
 * articles/backup/azure-data-lake-storage-backup-configure-quickstart-arm-bicep.md).
 */
const STORAGE_ACCOUNT_BACKUP_CONTRIBUTOR = "e5e2a7ff-d759-4cd2-bb51-3152d37e2eb1";

/**
 * Canary: the installed SDK has no ADLS parameters type. When an upgrade adds it, this directive
 * goes unused and `tsc` fails: switch GeoBackup to `AdlsBlobBackupDatasourceParameters` then.
 */
// @ts-expect-error -- @pulumi/azure-native 3.28.0 (dataprotection API 2025-01-01) lacks the type
export type AdlsParametersInSdk = inputs.dataprotection.AdlsBlobBackupDatasourceParametersArgs;

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
          immutabilitySettings: { state: "Unlocked" },
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
              { objectType: BLOB_PARAMETERS_OBJECT_TYPE, containersList: [names.container] },
            ],
          },
        },
      },
      tags: context.labels,
    });

    const vault = captured.find((r) => r.type === "azure-native:dataprotection:BackupVault");
    expect(vault).toMatchObject({ retainOnDelete: true, protect: true });
  });

  it("sends the blob parameters type, not the ADLS one the 2025-07-01 spec documents (SDK limitation)", async () => {
    await settledBackup("backup-params", goldIn("centralindia"));
    const properties = inputsOf(recorder, "azure-native:dataprotection:BackupInstance")
      .properties as {
      dataSourceInfo: { datasourceType: string };
      dataSourceSetInfo: { datasourceType: string };
      policyInfo: {
        policyParameters: { backupDatasourceParametersList: { objectType: string }[] };
      };
    };
    expect(properties.dataSourceInfo.datasourceType).toBe(ADLS_DATASOURCE_TYPE);
    expect(properties.dataSourceSetInfo.datasourceType).toBe(ADLS_DATASOURCE_TYPE);
    const types = properties.policyInfo.policyParameters.backupDatasourceParametersList.map(
      (p) => p.objectType,
    );
    expect(types).toEqual([BLOB_PARAMETERS_OBJECT_TYPE]);
    expect(types).not.toContain(ADLS_PARAMETERS_OBJECT_TYPE);
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
