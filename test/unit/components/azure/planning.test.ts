/** Pure planning of the Azure components: no Pulumi runtime involved. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { STORAGE_CLASSES, TIER_POLICIES, knownRegions, type LifecycleDays } from "#contract";
import {
  ADLS_BACKUP_DATASOURCE_TYPE,
  DATAPROTECTION_ADLS_API_VERSION,
  adlsBackupInstanceProperties,
  adlsBackupPolicyRules,
  backupRetention,
} from "#components/azure/planning/backup";
import {
  ALERT_THRESHOLDS,
  DEFAULT_MAXIMUM_INSTANCE_COUNT,
  EVENT_GRID_WEBHOOK_PATH,
  FLEX_RUNTIMES,
  FUNCTION_TIMEOUT_SETTING,
  accessRestrictions,
  actionGroupShortName,
  authSettings,
  entraIssuer,
  eventDelivery,
  flexScale,
  functionNames,
  functionTimeout,
  inferenceAlerts,
  oneDeployTemplate,
} from "#components/azure/planning/inference";
import {
  dataLifecycleRules,
  runtimeStorageLifecycleRules,
} from "#components/azure/planning/lifecycle";
import { dataStoreOptions } from "#components/checks";
import { BUILT_IN_ROLES, containerScope, roleDefinitionId } from "#components/azure/planning/roles";
import {
  STORAGE_SKUS,
  abfssUri,
  dataLakeProtection,
  flatAccountProtection,
  icebergMetadataLocation,
  icebergTablePath,
  ipRangeProblem,
  isGeoRedundantSku,
  publicNetworkAccess,
  redundancyProblem,
  storageEncryption,
  storageFirewall,
} from "#components/azure/planning/storage";

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
    ["gold", "eastasia", undefined],
    ["gold", "centralindia", undefined],
    [
      "silver",
      "westcentralus",
      /silver needs zone-redundant storage, .* not offer in westcentralus/,
    ],
    [
      "gold",
      "northeurope",
      /gold keeps daily backups in a Backup vault, and Azure Backup protects ADLS Gen2 .* only in centralindia, eastasia .* not in northeurope/,
    ],
    ["gold", "ukwest", /only in centralindia, eastasia/],
  ] as const)("%s in %s", (tier, region, problem) => {
    const found = redundancyProblem(tier, region);
    if (problem === undefined) expect(found).toBeUndefined();
    else expect(found).toMatch(problem);
  });

  it("every Azure region holds bronze; gold only where silver holds and ADLS backup exists", () => {
    const gold = knownRegions("azure").filter((r) => redundancyProblem("gold", r) === undefined);
    expect(gold).toEqual(["centralindia", "eastasia"]);
    for (const region of knownRegions("azure")) {
      expect(redundancyProblem("bronze", region)).toBeUndefined();
      if (gold.includes(region)) expect(redundancyProblem("silver", region)).toBeUndefined();
    }
  });
});

describe("storage firewall", () => {
  it("denies by default, lets trusted services, logging and metrics through, allows what is given", () => {
    expect(
      storageFirewall(
        { allowedIpRanges: ["203.0.113.0/24", "198.51.100.7"], allowedSubnetIds: ["/subnets/a"] },
        ["/subnets/fn"],
      ),
    ).toEqual({
      defaultAction: "Deny",
      bypass: "AzureServices, Logging, Metrics",
      ipRules: [
        { iPAddressOrRange: "203.0.113.0/24", action: "Allow" },
        { iPAddressOrRange: "198.51.100.7", action: "Allow" },
      ],
      virtualNetworkRules: [
        { virtualNetworkResourceId: "/subnets/a", action: "Allow" },
        { virtualNetworkResourceId: "/subnets/fn", action: "Allow" },
      ],
    });
    expect(storageFirewall({})).toEqual({
      defaultAction: "Deny",
      bypass: "AzureServices, Logging, Metrics",
      ipRules: [],
      virtualNetworkRules: [],
    });
  });

  it.each([
    ["10.1.2.0/24", /private range/],
    ["172.16.0.1", /private range/],
    ["192.168.1.1/32", /private range/],
    ["300.1.1.1", /not an IPv4 address or CIDR range/],
    ["2001:db8::/32", /not an IPv4 address or CIDR range/],
    ["203.0.113.0/33", /not an IPv4 address or CIDR range/],
  ])("refuses %s", (range, message) => {
    expect(ipRangeProblem(range)).toMatch(message);
    expect(() => storageFirewall({ allowedIpRanges: [range] })).toThrow(
      /network.allowedIpRanges: /,
    );
  });

  it("disables public access only for private endpoints with no public rule", () => {
    const endpoint = { privateEndpoint: { subnetId: "/subnets/pe" } };
    expect(publicNetworkAccess({})).toBe("Enabled");
    expect(publicNetworkAccess(endpoint)).toBe("Disabled");
    expect(publicNetworkAccess(endpoint, ["/subnets/fn"])).toBe("Enabled");
    expect(publicNetworkAccess({ ...endpoint, allowedIpRanges: ["203.0.113.1"] })).toBe("Enabled");
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
    fc.integer({ min: 0, max: 4000 }),
  )
  .map(([cool, extra, more]): LifecycleDays => ({
    coolAfterDays: cool,
    archiveAfterDays: cool + extra,
    expireAfterDays: cool + extra + more,
  }));

describe("lifecycle rules", () => {
  it("tier and expire the table's data files only, respecting Cool's and Cold's minimums", () => {
    fc.assert(
      fc.property(lifecycleDays, (days) => {
        const rules = dataLifecycleRules({ lifecycle: days, container: "wh", tablePath: "d/n" });
        expect(rules).toHaveLength(1);
        const [rule] = rules;
        expect(rule?.definition.filters).toEqual({
          blobTypes: ["blockBlob"],
          prefixMatch: ["wh/d/n/data/"],
        });
        const base = rule?.definition.actions.baseBlob ?? {};
        expect(Object.keys(rule?.definition.actions ?? {})).toEqual(["baseBlob"]);
        expect(base.delete).toEqual({ daysAfterModificationGreaterThan: days.expireAfterDays });
        const cool = base.tierToCool?.daysAfterModificationGreaterThan;
        const cold = base.tierToCold?.daysAfterModificationGreaterThan;
        if (cold !== undefined) {
          expect(cold).toBe(days.archiveAfterDays);
          expect(days.expireAfterDays - cold).toBeGreaterThanOrEqual(
            STORAGE_CLASSES.azure.Cold.minDays,
          );
        }
        if (cool !== undefined) {
          expect(cool).toBe(days.coolAfterDays);
          expect((cold ?? days.expireAfterDays) - cool).toBeGreaterThanOrEqual(
            STORAGE_CLASSES.azure.Cool.minDays,
          );
        }
        expect(base).not.toHaveProperty("tierToArchive");
      }),
    );
  });

  it.each([
    [
      "bronze's old defaults",
      { coolAfterDays: 30, archiveAfterDays: 60, expireAfterDays: 90 },
      [30, undefined],
    ],
    [
      "promised bronze",
      { coolAfterDays: 30, archiveAfterDays: 90, expireAfterDays: 90 },
      [30, undefined],
    ],
    [
      "silver defaults",
      { coolAfterDays: 30, archiveAfterDays: 90, expireAfterDays: 365 },
      [30, 90],
    ],
    ["gold defaults", { coolAfterDays: 30, archiveAfterDays: 90, expireAfterDays: 2555 }, [30, 90]],
    [
      "cold too short, cool long enough",
      { coolAfterDays: 30, archiveAfterDays: 300, expireAfterDays: 365 },
      [30, undefined],
    ],
    [
      "cool too short before cold",
      { coolAfterDays: 30, archiveAfterDays: 45, expireAfterDays: 365 },
      [undefined, 45],
    ],
  ] as const)("%s: cool at %j", (_label, lifecycle, [cool, cold]) => {
    const base = dataLifecycleRules({ lifecycle, container: "wh", tablePath: "d/n" })[0]?.definition
      .actions.baseBlob;
    expect(base?.tierToCool?.daysAfterModificationGreaterThan).toBe(cool);
    expect(base?.tierToCold?.daysAfterModificationGreaterThan).toBe(cold);
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
  it("sends the ADLS parameters type of API 2025-07-01 in a backup instance", () => {
    expect(DATAPROTECTION_ADLS_API_VERSION).toBe("2025-07-01");
    const datasource = {
      resourceID: "/acct",
      resourceUri: "/acct",
      resourceName: "st",
      resourceType: "Microsoft.Storage/storageAccounts",
      resourceLocation: "eastasia",
      datasourceType: ADLS_BACKUP_DATASOURCE_TYPE,
    };
    expect(
      adlsBackupInstanceProperties({
        storageAccountId: "/acct",
        storageAccountName: "st",
        location: "eastasia",
        policyId: "/policy",
        containerNames: ["wh"],
      }),
    ).toEqual({
      objectType: "BackupInstance",
      friendlyName: "st",
      dataSourceInfo: { objectType: "Datasource", ...datasource },
      dataSourceSetInfo: { objectType: "DatasourceSet", ...datasource },
      policyInfo: {
        policyId: "/policy",
        policyParameters: {
          backupDatasourceParametersList: [
            { objectType: "AdlsBlobBackupDatasourceParameters", containersList: ["wh"] },
          ],
        },
      },
    });
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
    artifact: "https://acme.blob.core.windows.net/rel/p.zip?sv=2025-05-05&sp=r&se=2099-01-01&sig=x",
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
    expect(ALERT_THRESHOLDS).toEqual({ p99LatencyMs: 500, errorRatePercent: 1 });
    expect(latency).toMatchObject({ threshold: 500, metricMeasureColumn: "p99DurationMs" });
    expect(latency?.query).toContain("percentile(duration, 99)");
    expect(failures).toMatchObject({ threshold: 1, metricMeasureColumn: "failureRatePercent" });
    expect(failures?.query).toContain("countif(success == false)");
  });

  it("shortens action group names to 12 characters", () => {
    expect(actionGroupShortName("customer-360-profile-long")).toBe("customer360p");
  });
});

describe("function access", () => {
  it("answers 401 without a token and names no provider when no registration is given", () => {
    expect(authSettings({}, false, "https://issuer")).toEqual({
      platform: { enabled: true },
      globalValidation: { requireAuthentication: true, unauthenticatedClientAction: "Return401" },
      httpSettings: { requireHttps: true },
    });
  });

  it("accepts the registration's tokens, for the listed callers, and leaves Event Grid to its key", () => {
    const settings = authSettings(
      {
        entra: {
          clientId: "app-1",
          allowedApplications: ["caller-1"],
          allowedPrincipalObjectIds: ["obj-1"],
        },
      },
      true,
      entraIssuer("tenant-1"),
    );
    expect(settings.globalValidation).toEqual({
      requireAuthentication: true,
      unauthenticatedClientAction: "Return401",
      excludedPaths: [EVENT_GRID_WEBHOOK_PATH],
    });
    expect(settings.identityProviders).toEqual({
      azureActiveDirectory: {
        enabled: true,
        registration: {
          clientId: "app-1",
          openIdIssuer: "https://login.microsoftonline.com/tenant-1/v2.0",
        },
        validation: {
          allowedAudiences: ["api://app-1", "app-1"],
          defaultAuthorizationPolicy: {
            allowedApplications: ["caller-1"],
            allowedPrincipals: { identities: ["obj-1"] },
          },
        },
      },
    });
  });

  it("restricts access to the given ranges (and Event Grid when events are delivered)", () => {
    expect(accessRestrictions({}, true)).toEqual({});
    expect(
      accessRestrictions({ allowedIpRanges: ["203.0.113.0/24", "198.51.100.7"] }, true),
    ).toEqual({
      ipSecurityRestrictions: [
        { name: "allow-1", ipAddress: "203.0.113.0/24", action: "Allow", priority: 100 },
        { name: "allow-2", ipAddress: "198.51.100.7/32", action: "Allow", priority: 101 },
        {
          name: "allow-event-grid",
          tag: "ServiceTag",
          ipAddress: "AzureEventGrid",
          action: "Allow",
          priority: 102,
        },
      ],
      ipSecurityRestrictionsDefaultAction: "Deny",
    });
    expect(() => accessRestrictions({ allowedIpRanges: ["10.0.0.0/8"] }, false)).toThrow(
      /access.allowedIpRanges: 10.0.0.0\/8 is a private range/,
    );
  });

  it("dead-letters undeliverable events into the runtime storage as the topic's identity", () => {
    expect(eventDelivery("/runtime")).toEqual({
      retryPolicy: { maxDeliveryAttempts: 30, eventTimeToLiveInMinutes: 1440 },
      deadLetterWithResourceIdentity: {
        identity: { type: "SystemAssigned" },
        deadLetterDestination: {
          endpointType: "StorageBlob",
          resourceId: "/runtime",
          blobContainerName: "event-dead-letters",
        },
      },
    });
  });

  it("deploys the package from its URL with one deploy", () => {
    expect(oneDeployTemplate("fn-app", "https://sas").resources).toEqual([
      {
        type: "Microsoft.Web/sites/extensions",
        apiVersion: "2024-04-01",
        name: "fn-app/onedeploy",
        properties: { packageUri: "https://sas", remoteBuild: false },
      },
    ]);
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
    // learn.microsoft.com/azure/role-based-access-control/built-in-roles/storage
    expect(BUILT_IN_ROLES["Storage Blob Data Contributor"]).toBe(
      "ba92f5b4-2d11-453d-a403-e96b0029c9fe",
    );
    expect(containerScope("/a", "wh")).toBe("/a/blobServices/default/containers/wh");
  });
});
