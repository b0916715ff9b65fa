/** Pure planning of the Azure components: no Pulumi runtime involved. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { TIER_POLICIES, knownRegions, type LifecycleDays, type Tier } from "#contract";
import {
  ADLS_BACKUP_DATASOURCE_TYPE,
  adlsBackupPolicyRules,
  adlsVaultedBackupAvailable,
  backupRetention,
} from "../../../../components/azure/planning/backup";
import {
  ALERT_THRESHOLDS,
  DEFAULT_MAXIMUM_INSTANCE_COUNT,
  FLEX_RUNTIMES,
  FUNCTION_TIMEOUT_SETTING,
  actionGroupShortName,
  flexScale,
  functionNames,
  functionTimeout,
  inferenceAlerts,
} from "../../../../components/azure/planning/inference";
import {
  coldestTier,
  dataLifecycleRules,
  runtimeStorageLifecycleRules,
} from "../../../../components/azure/planning/lifecycle";
import { dataStoreOptions } from "../../../../components/checks";
import {
  BUILT_IN_ROLES,
  containerScope,
  roleDefinitionId,
} from "../../../../components/azure/planning/roles";
import {
  STORAGE_SKUS,
  abfssUri,
  dataLakeProtection,
  flatAccountProtection,
  icebergMetadataLocation,
  icebergTablePath,
  isGeoRedundantSku,
  redundancyProblem,
  storageEncryption,
  supportsArchiveTier,
} from "../../../../components/azure/planning/storage";

describe("storage redundancy", () => {
  it.each([
    ["bronze", "Standard_LRS", false],
    ["silver", "Standard_ZRS", false],
    ["gold", "Standard_RAGZRS", true],
  ] as const)("%s uses %s (geo-redundant: %s)", (tier, sku, geo) => {
    expect(STORAGE_SKUS[tier]).toBe(sku);
    expect(isGeoRedundantSku(sku)).toBe(geo);
  });

  it.each([
    ["bronze", "westcentralus", undefined],
    ["silver", "westeurope", undefined],
    ["gold", "northeurope", undefined],
    [
      "silver",
      "westcentralus",
      /silver needs zone-redundant storage, .* not offer in westcentralus/,
    ],
    ["gold", "ukwest", /gold needs zone-redundant storage, which Azure does not offer in ukwest/],
  ] as const)("%s in %s", (tier, region, problem) => {
    const found = redundancyProblem(tier, region);
    if (problem === undefined) expect(found).toBeUndefined();
    else expect(found).toMatch(problem);
  });

  it("every Azure region the contract knows either has zones or is bronze-only", () => {
    for (const region of knownRegions("azure")) {
      expect(redundancyProblem("bronze", region)).toBeUndefined();
      expect(redundancyProblem("silver", region) === undefined).toBe(
        redundancyProblem("gold", region) === undefined,
      );
    }
  });

  it("archive exists only on LRS and GRS-family accounts", () => {
    expect(supportsArchiveTier("Standard_LRS")).toBe(true);
    expect(supportsArchiveTier("Standard_RAGRS")).toBe(true);
    expect(supportsArchiveTier("Standard_ZRS")).toBe(false);
    expect(supportsArchiveTier("Standard_RAGZRS")).toBe(false);
  });
});

describe("storage encryption and protection", () => {
  it("uses Microsoft-managed keys with infrastructure encryption by default", () => {
    expect(storageEncryption(undefined)).toEqual({
      keySource: "Microsoft.Storage",
      requireInfrastructureEncryption: true,
      services: {
        blob: { enabled: true, keyType: "Account" },
        file: { enabled: true, keyType: "Account" },
      },
    });
  });

  it("points at the vault, key and identity for a customer-managed key, without a key version", () => {
    const cmk = {
      keyVaultUri: "https://kv.vault.azure.net/",
      keyName: "storage",
      identityId: "/id",
    };
    expect(storageEncryption(cmk)).toEqual({
      keySource: "Microsoft.Keyvault",
      keyVaultProperties: { keyName: "storage", keyVaultUri: "https://kv.vault.azure.net/" },
      encryptionIdentity: { encryptionUserAssignedIdentity: "/id" },
      requireInfrastructureEncryption: true,
      services: {
        blob: { enabled: true, keyType: "Account" },
        file: { enabled: true, keyType: "Account" },
      },
    });
  });

  it.each([
    ["bronze", 7],
    ["silver", 14],
    ["gold", 30],
  ] as const)(
    "%s data lakes get %i days of blob and container soft delete and no versioning",
    (tier, days) => {
      const protection = dataLakeProtection(TIER_POLICIES[tier]);
      expect(protection).toEqual({
        deleteRetentionPolicy: { enabled: true, days, allowPermanentDelete: false },
        containerDeleteRetentionPolicy: { enabled: true, days },
      });
      expect(protection).not.toHaveProperty("isVersioningEnabled");
    },
  );

  it("flat runtime storage gets versioning and a week of soft delete", () => {
    expect(flatAccountProtection()).toEqual({
      isVersioningEnabled: true,
      deleteRetentionPolicy: { enabled: true, days: 7, allowPermanentDelete: false },
      containerDeleteRetentionPolicy: { enabled: true, days: 7 },
    });
  });

  it.each([
    ["bronze", false],
    ["silver", false],
    ["gold", true],
  ] as const)("%s data stores are retained, protected: %s", (tier, protect) => {
    expect(dataStoreOptions(TIER_POLICIES[tier])).toEqual({ retainOnDelete: true, protect });
  });
});

describe("iceberg locations", () => {
  it("puts the table at <domain>/<name> and builds abfss URIs", () => {
    const path = icebergTablePath({ domain: "customer", name: "customer-360" });
    expect(path).toBe("customer/customer-360");
    expect(abfssUri("wh", "stacct", path)).toBe(
      "abfss://wh@stacct.dfs.core.windows.net/customer/customer-360",
    );
    expect(icebergMetadataLocation("wh", "stacct", path)).toBe(
      "abfss://wh@stacct.dfs.core.windows.net/customer/customer-360/metadata/",
    );
  });
});

const lifecycleDays = fc
  .tuple(
    fc.integer({ min: 1, max: 400 }),
    fc.integer({ min: 1, max: 400 }),
    fc.integer({ min: 1, max: 4000 }),
  )
  .map(([cool, extra, more]): LifecycleDays => ({
    coolAfterDays: cool,
    archiveAfterDays: cool + extra,
    expireAfterDays: cool + extra + more,
  }));

describe("lifecycle rules", () => {
  it("tier data files and expire the whole container on the lifecycle's days", () => {
    fc.assert(
      fc.property(lifecycleDays, fc.constantFrom(...Object.values(STORAGE_SKUS)), (days, sku) => {
        const [tiering, expire] = dataLifecycleRules({
          lifecycle: days,
          skuName: sku,
          container: "wh",
          tablePath: "d/n",
        });
        const cold = supportsArchiveTier(sku) ? "tierToArchive" : "tierToCold";
        const other = supportsArchiveTier(sku) ? "tierToCold" : "tierToArchive";
        expect(tiering?.definition.filters.prefixMatch).toEqual(["wh/d/n/data/"]);
        expect(tiering?.definition.actions.baseBlob).toEqual({
          tierToCool: { daysAfterModificationGreaterThan: days.coolAfterDays },
          [cold]: { daysAfterModificationGreaterThan: days.archiveAfterDays },
        });
        expect(tiering?.definition.actions.baseBlob).not.toHaveProperty(other);
        expect(tiering?.definition.actions.snapshot).toEqual({
          tierToCool: { daysAfterCreationGreaterThan: days.coolAfterDays },
          [cold]: { daysAfterCreationGreaterThan: days.archiveAfterDays },
        });
        expect(expire?.definition.filters).toEqual({
          blobTypes: ["blockBlob"],
          prefixMatch: ["wh/"],
        });
        expect(expire?.definition.actions).toEqual({
          baseBlob: { delete: { daysAfterModificationGreaterThan: days.expireAfterDays } },
          snapshot: { delete: { daysAfterCreationGreaterThan: days.expireAfterDays } },
        });
        for (const rule of [tiering, expire])
          expect(rule?.definition.actions.version).toBeUndefined();
      }),
    );
  });

  it.each([
    ["bronze", "archive"],
    ["silver", "cold"],
    ["gold", "cold"],
  ] as const)("%s data ends in the %s tier", (tier: Tier, expected) => {
    expect(coldestTier(STORAGE_SKUS[tier])).toBe(expected);
  });

  it("runtime storage deletes previous versions after a week", () => {
    expect(runtimeStorageLifecycleRules()).toEqual([
      {
        name: "expire-previous-versions",
        enabled: true,
        type: "Lifecycle",
        definition: {
          filters: { blobTypes: ["blockBlob"] },
          actions: { version: { delete: { daysAfterCreationGreaterThan: 7 } } },
        },
      },
    ]);
  });
});

describe("backup planning", () => {
  it("offers vaulted ADLS backup only where Microsoft lists it", () => {
    expect(adlsVaultedBackupAvailable("eastasia")).toBe(true);
    expect(adlsVaultedBackupAvailable("centralindia")).toBe(true);
    expect(adlsVaultedBackupAvailable("northeurope")).toBe(false);
    expect(adlsVaultedBackupAvailable("westeurope")).toBe(false);
    expect(ADLS_BACKUP_DATASOURCE_TYPE).toBe("Microsoft.Storage/storageAccounts/adlsBlobServices");
  });

  it("never keeps recovery points past the retention, except Azure's 7-day floor", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 36_500 }),
        fc.integer({ min: 1, max: 90 }),
        (days, soft) => {
          const r = backupRetention(days, soft);
          expect(r.dailyDays).toBeGreaterThanOrEqual(7);
          expect(r.dailyDays).toBeLessThanOrEqual(Math.max(7, days));
          expect(r.monthlyMonths * 31).toBeLessThanOrEqual(days);
          expect(r.yearlyYears * 366).toBeLessThanOrEqual(days);
          expect(r.yearlyYears).toBeLessThanOrEqual(10);
          expect(r.monthlyMonths).toBeLessThanOrEqual(12);
        },
      ),
    );
  });

  it("keeps gold's defaults: 30 daily days, 12 months, 6 years", () => {
    expect(backupRetention(2555, 30)).toEqual({ dailyDays: 30, monthlyMonths: 12, yearlyYears: 6 });
  });

  it("builds a daily vault-store backup with tagged monthly and yearly retention", () => {
    const rules = adlsBackupPolicyRules({ dailyDays: 30, monthlyMonths: 12, yearlyYears: 6 });
    expect(rules.map((r) => r.name)).toEqual(["Default", "Yearly", "Monthly", "BackupDaily"]);
    expect(rules[0]).toEqual({
      name: "Default",
      objectType: "AzureRetentionRule",
      isDefault: true,
      lifecycles: [
        {
          deleteAfter: { duration: "P30D", objectType: "AbsoluteDeleteOption" },
          sourceDataStore: { dataStoreType: "VaultStore", objectType: "DataStoreInfoBase" },
          targetDataStoreCopySettings: [],
        },
      ],
    });
    expect(JSON.stringify(rules)).toContain('"duration":"P6Y"');
    expect(JSON.stringify(rules)).toContain('"duration":"P12M"');
    const backup = rules[3] as { trigger: { schedule: unknown; taggingCriteria: unknown[] } };
    expect(backup.trigger.schedule).toEqual({
      repeatingTimeIntervals: ["R/2024-01-01T02:00:00+00:00/P1D"],
      timeZone: "UTC",
    });
    expect(backup.trigger.taggingCriteria).toHaveLength(3);
  });

  it("drops monthly and yearly rules when the retention is shorter than them", () => {
    const rules = adlsBackupPolicyRules(backupRetention(20, 30));
    expect(rules.map((r) => r.name)).toEqual(["Default", "BackupDaily"]);
  });
});

describe("inference planning", () => {
  it.each([
    ["python3.12", "python", "3.12"],
    ["python3.13", "python", "3.13"],
    ["nodejs22", "node", "22"],
    ["java21", "java", "21"],
  ] as const)("maps %s to %s %s", (portable, name, version) => {
    expect(FLEX_RUNTIMES[portable]).toEqual({ name, version });
  });

  it.each([
    [["http"], { http: "propensity", events: undefined }],
    [["object-created"], { http: undefined, events: "propensity" }],
    [["http", "object-created"], { http: "propensity", events: "propensity_events" }],
  ] as const)("names the functions for triggers %j", (triggers, expected) => {
    expect(functionNames("function_app.propensity", triggers)).toEqual(expected);
  });

  const base = {
    runtime: "python3.12" as const,
    handler: "app.score",
    artifact: "https://a.blob.core.windows.net/r/p.zip",
    memoryMb: 2048,
    timeoutSeconds: 30,
    triggers: ["http" as const],
  };

  it.each([
    [
      { reservedConcurrency: 40, provisionedConcurrency: 2 },
      ["http"],
      40,
      [{ name: "http", instanceCount: 2 }],
    ],
    [{ provisionedConcurrency: 0 }, ["http"], DEFAULT_MAXIMUM_INSTANCE_COUNT, []],
    // No cap in the spec and more warm instances than Flex's default maximum: the cap makes room.
    [{ provisionedConcurrency: 150 }, ["http"], 150, [{ name: "http", instanceCount: 150 }]],
    [
      { reservedConcurrency: 10, provisionedConcurrency: 1 },
      ["object-created"],
      10,
      [{ name: "function:score", instanceCount: 1 }],
    ],
  ] as const)("scales %j with triggers %j", (concurrency, triggers, max, alwaysReady) => {
    const inference = { ...base, ...concurrency, triggers: [...triggers] };
    expect(flexScale(inference, functionNames(inference.handler, inference.triggers))).toEqual({
      instanceMemoryMB: 2048,
      maximumInstanceCount: max,
      alwaysReady,
    });
  });

  it("rejects memory sizes Flex Consumption does not offer", () => {
    const inference = { ...base, memoryMb: 1024, provisionedConcurrency: 0 };
    expect(() => flexScale(inference, functionNames("app.score", ["http"]))).toThrow(
      /inference.memoryMb must be one of 512, 2048, 4096/,
    );
  });

  it("refuses more always-ready instances than the cap, as on AWS and GCP", () => {
    const inference = { ...base, reservedConcurrency: 2, provisionedConcurrency: 5 };
    expect(() => flexScale(inference, functionNames("app.score", ["http"]))).toThrow(
      "provisionedConcurrency (5) cannot exceed reservedConcurrency (2)",
    );
  });

  it.each([
    [1, "00:00:01"],
    [30, "00:00:30"],
    [120, "00:02:00"],
    [900, "00:15:00"],
    [3_661, "01:01:01"],
  ])("gives the host a timeout of %i s as %s", (seconds, timespan) => {
    expect(functionTimeout(seconds)).toBe(timespan);
  });

  it("sets the timeout through the app setting that overrides host.json", () => {
    expect(FUNCTION_TIMEOUT_SETTING).toBe("AzureFunctionsJobHost__functionTimeout");
  });

  it.each([0, 1.5, 86_400])("refuses a timeout of %d s", (seconds) => {
    expect(() => functionTimeout(seconds)).toThrow(
      /inference.timeoutSeconds must be a whole number/,
    );
  });

  it("alerts on p99 latency above 500 ms and failure rate above 1 %", () => {
    const [latency, failures] = inferenceAlerts();
    expect(ALERT_THRESHOLDS).toEqual({ p99LatencyMs: 500, failureRatePercent: 1 });
    expect(latency).toMatchObject({ threshold: 500, metricMeasureColumn: "p99DurationMs" });
    expect(latency?.query).toContain("percentile(duration, 99)");
    expect(failures).toMatchObject({ threshold: 1, metricMeasureColumn: "failureRatePercent" });
    expect(failures?.query).toContain("countif(success == false)");
  });

  it("shortens action group names to 12 characters", () => {
    expect(actionGroupShortName("customer-360-profile-long")).toBe("customer360p");
  });
});

describe("roles", () => {
  it("builds subscription-scoped role definition ids and container scopes", () => {
    expect(roleDefinitionId("sub", "Storage Blob Data Reader")).toBe(
      "/subscriptions/sub/providers/Microsoft.Authorization/roleDefinitions/2a2b9908-6ea1-4ae2-8e65-a410df84e7d1",
    );
    expect(BUILT_IN_ROLES["Key Vault Crypto Service Encryption User"]).toBe(
      "e147488a-f6f5-4113-8e2d-b22465e65bf6",
    );
    expect(BUILT_IN_ROLES["Storage Account Backup Contributor"]).toBe(
      "e5e2a7ff-d759-4cd2-bb51-3152d37e2eb1",
    );
    expect(containerScope("/a", "wh")).toBe("/a/blobServices/default/containers/wh");
  });
});
