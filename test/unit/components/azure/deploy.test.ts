/**
 * deployAzure for every tier × classification × inference (none, http, blob-created events, both
 * triggers), gold also in eastasia where vaulted ADLS backup is offered: exact outputs, resource
 * types, key inputs, data-store protection, least-privilege grants, and zero violations of the
 * Azure policy pack on the whole graph.
 */
import { beforeEach, describe, expect, it } from "vitest";
import { DataProductOutputs, type Tier } from "#contract";
import { TIER_DAYS, matrixCases, uncoveredShapes, type MatrixCase } from "../../../support/matrix";
import { runPolicies } from "../../../support/policy-runner";
import { cloudTypes, valueOf } from "../../../support/pulumi-mocks";
import {
  captureParent,
  caseContext,
  exampleContext,
  idOf,
  installAzureMocks,
  inputsOf,
  roleId,
  variantContext,
  type InferenceKind,
} from "./harness";

const recorder = installAzureMocks();
const { deployAzure } = await import("../../../../components/azure/deploy");
const { azurePolicies } = await import("../../../../components/policy/azure");
const { Provider } = await import("@pulumi/azure-native/provider");

const T = {
  group: "azure-native:resources:ResourceGroup",
  account: "azure-native:storage:StorageAccount",
  blobService: "azure-native:storage:BlobServiceProperties",
  container: "azure-native:storage:BlobContainer",
  lifecycle: "azure-native:storage:ManagementPolicy",
  keyVault: "azure-native:keyvault:Vault",
  key: "azure-native:keyvault:Key",
  identity: "azure-native:managedidentity:UserAssignedIdentity",
  role: "azure-native:authorization:RoleAssignment",
  backupVault: "azure-native:dataprotection:BackupVault",
  backupPolicy: "azure-native:dataprotection:BackupPolicy",
  backupInstance: "azure-native:dataprotection:BackupInstance",
  workspace: "azure-native:operationalinsights:Workspace",
  insights: "azure-native:applicationinsights:Component",
  plan: "azure-native:web:AppServicePlan",
  app: "azure-native:web:WebApp",
  scm: "azure-native:web:WebAppScmAllowed",
  ftp: "azure-native:web:WebAppFtpAllowed",
  deployment: "azure-native:resources:Deployment",
  topic: "azure-native:eventgrid:SystemTopic",
  subscription: "azure-native:eventgrid:SystemTopicEventSubscription",
  actionGroup: "azure-native:monitor:ActionGroup",
  alert: "azure-native:monitor:ScheduledQueryRule",
} as const;

/** Logical names: deployAzure prefixes its blocks with the product name. */
const P = "customer-360";

const SKU: Record<Tier, string> = {
  bronze: "Standard_LRS",
  silver: "Standard_ZRS",
  gold: "Standard_RAGZRS",
};

/** Paired regions (contract/regions.ts): where RA-GZRS keeps the gold geo copy. */
const PAIR: Record<string, string> = { northeurope: "westeurope", eastasia: "southeastasia" };

/** Where Azure offers vaulted ADLS Gen2 backup (components/azure/planning/backup.ts). */
const VAULTED = new Set(["eastasia"]);

const ROLES = {
  keyUser: roleId("e147488a-f6f5-4113-8e2d-b22465e65bf6"),
  blobReader: roleId("2a2b9908-6ea1-4ae2-8e65-a410df84e7d1"),
  blobOwner: roleId("b7e6dc6d-f1e8-4753-8033-0f276bb0955b"),
  backupContributor: roleId("e5e2a7ff-d759-4cd2-bb51-3152d37e2eb1"),
  metricsPublisher: roleId("3913510d-42f4-4e42-8a64-420c390055eb"),
};

/** What each function shape of the harness sets, as Flex Consumption sees it. */
const FUNCTIONS: Record<
  Exclude<InferenceKind, "none">,
  {
    runtime: { name: string; version: string };
    memory: number;
    /** The host's functionTimeout for the spec's timeoutSeconds. */
    timeout: string;
    maxInstances: number;
    alwaysReady: { name: string; instanceCount: number }[];
    http: string | undefined;
    events: string | undefined;
  }
> = {
  http: {
    runtime: { name: "python", version: "3.12" },
    memory: 2048,
    timeout: "00:00:30",
    maxInstances: 40,
    alwaysReady: [{ name: "http", instanceCount: 2 }],
    http: "propensity",
    events: undefined,
  },
  events: {
    runtime: { name: "node", version: "22" },
    memory: 512,
    timeout: "00:02:00",
    maxInstances: 100,
    alwaysReady: [{ name: "function:enrich", instanceCount: 1 }],
    http: undefined,
    events: "enrich",
  },
  both: {
    runtime: { name: "java", version: "21" },
    memory: 4096,
    timeout: "00:01:00",
    maxInstances: 10,
    alwaysReady: [],
    http: "run",
    events: "run_events",
  },
};

interface Case extends MatrixCase<InferenceKind> {
  region: string;
}

const SHAPES: InferenceKind[] = ["http", "events", "both"];

const CASES: Case[] = matrixCases<InferenceKind>("none", SHAPES).flatMap((c) =>
  c.tier === "gold"
    ? [
        { ...c, region: "northeurope" },
        { ...c, region: "eastasia" },
      ]
    : [{ ...c, region: "northeurope" }],
);

function expectedTypes(c: Case): string[] {
  const types: string[] = [T.group, T.account, T.blobService, T.container, T.lifecycle];
  if (c.classification !== "public") types.push(T.keyVault, T.key, T.identity, T.role);
  if (c.tier === "gold" && VAULTED.has(c.region)) {
    types.push(T.backupVault, T.role, T.backupPolicy, T.backupInstance);
  }
  if (c.inference !== "none") {
    types.push(T.account, T.blobService, T.lifecycle, T.container);
    types.push(T.workspace, T.insights, T.plan, T.app, T.scm, T.ftp);
    types.push(T.role, T.role, T.role, T.deployment, T.actionGroup, T.alert, T.alert);
    if (FUNCTIONS[c.inference].events !== undefined) types.push(T.topic, T.subscription);
  }
  return types.sort();
}

type AzureNames = ReturnType<typeof caseContext>["names"]["azure"];

beforeEach(() => {
  recorder.reset();
});

describe("deployAzure", () => {
  it("covers every tier, classification and inference on/off, each function shape with every tier and classification", () => {
    expect(CASES).toHaveLength(32);
    expect(uncoveredShapes(CASES, SHAPES)).toEqual([]);
  });

  it.each(CASES)("$tier / $classification / inference $inference in $region", async (c) => {
    const context = caseContext(c.tier, c.classification, c.inference, c.region);
    const names = context.names.azure;
    const gold = c.tier === "gold";
    const cmk = c.classification !== "public";
    const vaulted = gold && VAULTED.has(c.region);
    const fn = c.inference === "none" ? undefined : FUNCTIONS[c.inference];
    const { parent, captured, settle } = captureParent(
      `${c.tier}-${c.classification}-${c.inference}-${c.region}`,
    );
    const outputs = await valueOf(deployAzure(context, parent, {}));
    await settle();

    const dfs = `${names.storageAccount}.dfs.core.windows.net`;
    const storageUri = `abfss://${names.container}@${dfs}/customer/customer-360`;
    expect(DataProductOutputs.safeParse(outputs).success).toBe(true);
    expect(outputs).toEqual({
      cloud: "azure",
      region: c.region,
      storageUri,
      catalog: {
        kind: "meshplane",
        database: "customer",
        table: "customer-360",
        metadataLocation: `${storageUri}/metadata/`,
      },
      backup: !gold
        ? { kind: "none" }
        : vaulted
          ? {
              kind: "azure-backup-vault",
              region: PAIR[c.region],
              location: idOf(`${P}-backup-vault`),
            }
          : {
              kind: "none",
              region: PAIR[c.region],
              location: `https://${names.storageAccount}-secondary.dfs.core.windows.net`,
            },
      ...(fn === undefined
        ? {}
        : {
            inference: {
              name: names.functionApp,
              ...(fn.http === undefined
                ? {}
                : {
                    endpointUrl: `https://${names.functionApp}.azurewebsites.net/api/${fn.http}`,
                  }),
            },
          }),
      tags: context.labels,
    });

    expect(cloudTypes(recorder)).toEqual(expectedTypes(c));

    expect(inputsOf(recorder, T.group, `${P}-rg`)).toEqual({
      resourceGroupName: names.resourceGroup,
      location: c.region,
      tags: context.labels,
    });

    // The data lake: ADLS Gen2, redundancy by tier, nothing anonymous or key-based, and the
    // product's Key Vault key from internal data up (Microsoft-managed keys for public data).
    const encryption = expectedEncryption(cmk, names);
    expect(inputsOf(recorder, T.account, `${P}-storage-account`)).toEqual({
      accountName: names.storageAccount,
      resourceGroupName: names.resourceGroup,
      location: c.region,
      kind: "StorageV2",
      sku: { name: SKU[c.tier] },
      accessTier: "Hot",
      isHnsEnabled: true,
      minimumTlsVersion: "TLS1_2",
      enableHttpsTrafficOnly: true,
      allowBlobPublicAccess: false,
      allowSharedKeyAccess: false,
      defaultToOAuthAuthentication: true,
      allowCrossTenantReplication: false,
      isLocalUserEnabled: false,
      isSftpEnabled: false,
      publicNetworkAccess: "Enabled",
      encryption,
      ...(cmk
        ? {
            identity: {
              type: "UserAssigned",
              userAssignedIdentities: [idOf(`${P}-storage-cmk-identity`)],
            },
          }
        : {}),
      tags: context.labels,
    });
    expect(inputsOf(recorder, T.container, `${P}-storage-container`)).toEqual({
      containerName: names.container,
      accountName: names.storageAccount,
      resourceGroupName: names.resourceGroup,
      publicAccess: "None",
    });

    // Recoverability: the tier's soft-delete window for blobs and containers. Versioning,
    // change feed and point-in-time restore do not exist on ADLS Gen2 (docs/components/azure.md)
    // and would fail the deployment, so no tier sets them, gold included.
    const days = TIER_DAYS[c.tier];
    expect(inputsOf(recorder, T.blobService, `${P}-storage-blob-service`)).toEqual({
      accountName: names.storageAccount,
      resourceGroupName: names.resourceGroup,
      blobServicesName: "default",
      deleteRetentionPolicy: {
        enabled: true,
        days: days.softDelete,
        allowPermanentDelete: false,
      },
      containerDeleteRetentionPolicy: { enabled: true, days: days.softDelete },
    });

    // Lifecycle: data files cool, then archive (LRS) or cold (zone-redundant SKUs, which have
    // no archive tier); everything expires at the tier's expiry.
    const coldest = c.tier === "bronze" ? "tierToArchive" : "tierToCold";
    expect(inputsOf(recorder, T.lifecycle, `${P}-lifecycle-policy`)).toEqual({
      managementPolicyName: "default",
      accountName: names.storageAccount,
      resourceGroupName: names.resourceGroup,
      policy: {
        rules: [
          {
            name: "tier-data-files",
            enabled: true,
            type: "Lifecycle",
            definition: {
              filters: {
                blobTypes: ["blockBlob"],
                prefixMatch: [`${names.container}/customer/customer-360/data/`],
              },
              actions: {
                baseBlob: {
                  tierToCool: { daysAfterModificationGreaterThan: days.cool },
                  [coldest]: { daysAfterModificationGreaterThan: days.archive },
                },
                snapshot: {
                  tierToCool: { daysAfterCreationGreaterThan: days.cool },
                  [coldest]: { daysAfterCreationGreaterThan: days.archive },
                },
              },
            },
          },
          {
            name: "expire",
            enabled: true,
            type: "Lifecycle",
            definition: {
              filters: { blobTypes: ["blockBlob"], prefixMatch: [`${names.container}/`] },
              actions: {
                baseBlob: { delete: { daysAfterModificationGreaterThan: days.expire } },
                snapshot: { delete: { daysAfterCreationGreaterThan: days.expire } },
              },
            },
          },
        ],
      },
    });

    // Data stores (and the group that holds them) are retained on delete everywhere and
    // protected for gold; nothing else is retained.
    const stores = [`${P}-rg`, `${P}-storage-account`, `${P}-storage-container`];
    if (cmk) stores.push(`${P}-storage-cmk-vault`, `${P}-storage-cmk-key`);
    if (vaulted) stores.push(`${P}-backup-vault`);
    expect(
      captured
        .filter((r) => r.retainOnDelete || r.protect)
        .map((r) => [r.name, r.retainOnDelete, r.protect])
        .sort(),
    ).toEqual(stores.map((name) => [name, true, gold]).sort());

    // Every role assignment, as [name, role, scope, principal]: each grant names one role on
    // one resource, and none reaches the account, the group or the subscription.
    const grants: string[][] = [];
    if (cmk) grants.push(...keyGrants(names));
    if (vaulted) grants.push(...backupGrants(names));
    if (fn !== undefined) grants.push(...functionGrants(names));
    expect(
      recorder
        .ofType(T.role)
        .map((r) => [r.name, r.inputs.roleDefinitionId, r.inputs.scope, r.inputs.principalId])
        .sort(),
    ).toEqual(grants.sort());
    for (const r of recorder.ofType(T.role)) {
      expect(r.inputs.principalType, r.name).toBe("ServicePrincipal");
    }

    if (cmk) expectCustomerManagedKey(names, context.labels);
    if (vaulted) expectGeoBackup(c, names);
    if (c.inference !== "none") expectInference(c, names, encryption, context.labels);

    expect(await runPolicies(azurePolicies, recorder.resources)).toEqual([]);
  });

  it("gives the policies a graph they can fail: a mutated lake is caught", async () => {
    const context = exampleContext("customer-360.yaml");
    const { parent, settle } = captureParent("p-mutated");
    await valueOf(deployAzure(context, parent, {}));
    await settle();
    const mutated = structuredClone(recorder.resources).map((r) =>
      r.type === T.account && r.inputs.isHnsEnabled === true
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

/** Encryption of every storage account of the product: infrastructure encryption always. */
function expectedEncryption(cmk: boolean, names: AzureNames): Record<string, unknown> {
  const services = {
    blob: { enabled: true, keyType: "Account" },
    file: { enabled: true, keyType: "Account" },
  };
  if (!cmk) {
    return { keySource: "Microsoft.Storage", requireInfrastructureEncryption: true, services };
  }
  return {
    keySource: "Microsoft.Keyvault",
    keyVaultProperties: {
      keyName: "storage",
      keyVaultUri: `https://${names.keyVault}.vault.azure.net/`,
    },
    encryptionIdentity: { encryptionUserAssignedIdentity: idOf(`${P}-storage-cmk-identity`) },
    requireInfrastructureEncryption: true,
    services,
  };
}

function keyGrants(names: AzureNames): string[][] {
  return [
    [
      `${P}-storage-cmk-key-access`,
      ROLES.keyUser,
      idOf(`${P}-storage-cmk-key`),
      `${names.storageIdentity}-principal`,
    ],
  ];
}

function backupGrants(names: AzureNames): string[][] {
  return [
    [
      `${P}-backup-account-access`,
      ROLES.backupContributor,
      idOf(`${P}-storage-account`),
      `${names.backupVault}-principal`,
    ],
  ];
}

/** The function reads the product's container (not the account) and owns only its own things. */
function functionGrants(names: AzureNames): string[][] {
  const principal = `${names.functionApp}-principal`;
  return [
    [`${P}-inference-data-reader`, ROLES.blobReader, idOf(`${P}-storage-container`), principal],
    [`${P}-inference-runtime-storage`, ROLES.blobOwner, idOf(`${P}-inference-storage`), principal],
    [
      `${P}-inference-telemetry`,
      ROLES.metricsPublisher,
      idOf(`${P}-inference-insights`),
      principal,
    ],
  ];
}

function expectCustomerManagedKey(names: AzureNames, tags: Record<string, string>): void {
  expect(inputsOf(recorder, T.keyVault, `${P}-storage-cmk-vault`)).toMatchObject({
    vaultName: names.keyVault,
    properties: {
      enableRbacAuthorization: true,
      enableSoftDelete: true,
      softDeleteRetentionInDays: 90,
      enablePurgeProtection: true,
      networkAcls: { bypass: "AzureServices", defaultAction: "Deny" },
    },
    tags,
  });
  expect(inputsOf(recorder, T.key, `${P}-storage-cmk-key`)).toEqual({
    keyName: "storage",
    vaultName: names.keyVault,
    resourceGroupName: names.resourceGroup,
    properties: {
      kty: "RSA",
      keySize: 3072,
      keyOps: ["wrapKey", "unwrapKey"],
      rotationPolicy: {
        attributes: { expiryTime: "P2Y" },
        lifetimeActions: [
          { trigger: { timeAfterCreate: "P1Y" }, action: { type: "rotate" } },
          { trigger: { timeBeforeExpiry: "P30D" }, action: { type: "notify" } },
        ],
      },
    },
    tags,
  });
  expect(inputsOf(recorder, T.identity, `${P}-storage-cmk-identity`)).toMatchObject({
    resourceName: names.storageIdentity,
  });
}

function expectGeoBackup(c: Case, names: AzureNames): void {
  expect(inputsOf(recorder, T.backupVault, `${P}-backup-vault`)).toMatchObject({
    vaultName: names.backupVault,
    location: c.region,
    identity: { type: "SystemAssigned" },
    properties: {
      storageSettings: [{ datastoreType: "VaultStore", type: "GeoRedundant" }],
      securitySettings: {
        softDeleteSettings: { state: "On", retentionDurationInDays: 14 },
        immutabilitySettings: { state: "Unlocked" },
      },
    },
  });
  // Gold keeps 2555 days: dailies for the 30-day soft-delete window, 12 monthlies and 6
  // yearlies (2555 / 366), never past the retention.
  const policy = inputsOf(recorder, T.backupPolicy, `${P}-backup-policy`) as {
    properties: { datasourceTypes: string[]; policyRules: Record<string, unknown>[] };
  };
  expect(policy.properties.datasourceTypes).toEqual([
    "Microsoft.Storage/storageAccounts/adlsBlobServices",
  ]);
  const retention = policy.properties.policyRules
    .filter((rule) => rule.objectType === "AzureRetentionRule")
    .map((rule) => {
      const [lifecycle] = rule.lifecycles as { deleteAfter: { duration: string } }[];
      return [rule.name, lifecycle?.deleteAfter.duration];
    });
  expect(retention).toEqual([
    ["Default", "P30D"],
    ["Yearly", "P6Y"],
    ["Monthly", "P12M"],
  ]);
  const backup = policy.properties.policyRules.find((rule) => rule.name === "BackupDaily");
  expect(backup).toMatchObject({
    trigger: { schedule: { repeatingTimeIntervals: ["R/2024-01-01T02:00:00+00:00/P1D"] } },
  });
  expect(inputsOf(recorder, T.backupInstance, `${P}-backup-instance`)).toMatchObject({
    vaultName: names.backupVault,
    properties: {
      dataSourceInfo: {
        resourceID: idOf(`${P}-storage-account`),
        resourceLocation: c.region,
        datasourceType: "Microsoft.Storage/storageAccounts/adlsBlobServices",
      },
      policyInfo: {
        policyId: idOf(`${P}-backup-policy`),
        policyParameters: {
          backupDatasourceParametersList: [{ containersList: [names.container] }],
        },
      },
    },
  });
}

function expectInference(
  c: Case,
  names: AzureNames,
  encryption: Record<string, unknown>,
  tags: Record<string, string>,
): void {
  const fn = FUNCTIONS[c.inference as Exclude<InferenceKind, "none">];
  const storageUri = `abfss://${names.container}@${names.storageAccount}.dfs.core.windows.net/customer/customer-360`;

  // Runtime storage: its own flat account with the lake's redundancy, rules and key.
  expect(inputsOf(recorder, T.account, `${P}-inference-storage`)).toMatchObject({
    accountName: names.functionStorage,
    kind: "StorageV2",
    sku: { name: SKU[c.tier] },
    isHnsEnabled: false,
    minimumTlsVersion: "TLS1_2",
    enableHttpsTrafficOnly: true,
    allowBlobPublicAccess: false,
    allowSharedKeyAccess: false,
    encryption,
    tags,
  });
  expect(inputsOf(recorder, T.blobService, `${P}-inference-storage-blob-service`)).toMatchObject({
    accountName: names.functionStorage,
    isVersioningEnabled: true,
    deleteRetentionPolicy: { enabled: true, days: 7 },
  });
  expect(inputsOf(recorder, T.container, `${P}-inference-package-container`)).toMatchObject({
    containerName: "app-package",
    publicAccess: "None",
  });

  expect(inputsOf(recorder, T.plan, `${P}-inference-plan`)).toMatchObject({
    name: names.functionPlan,
    sku: { name: "FC1", tier: "FlexConsumption" },
    reserved: true,
  });
  const app = inputsOf(recorder, T.app, `${P}-inference-app`);
  expect(app).toMatchObject({
    name: names.functionApp,
    location: c.region,
    kind: "functionapp,linux",
    serverFarmId: idOf(`${P}-inference-plan`),
    httpsOnly: true,
    identity: { type: "SystemAssigned" },
    siteConfig: { minTlsVersion: "1.2", scmMinTlsVersion: "1.2", ftpsState: "Disabled" },
    functionAppConfig: {
      deployment: {
        storage: {
          type: "blobContainer",
          value: `https://${names.functionStorage}.blob.core.windows.net/app-package`,
          authentication: { type: "SystemAssignedIdentity" },
        },
      },
      runtime: fn.runtime,
      scaleAndConcurrency: {
        instanceMemoryMB: fn.memory,
        maximumInstanceCount: fn.maxInstances,
        alwaysReady: fn.alwaysReady,
      },
    },
    tags,
  });
  const settings = (app.siteConfig as { appSettings: { name: string; value: string }[] })
    .appSettings;
  expect(Object.fromEntries(settings.map((s) => [s.name, s.value]))).toEqual({
    AzureWebJobsStorage__accountName: names.functionStorage,
    AzureWebJobsStorage__credential: "managedidentity",
    APPLICATIONINSIGHTS_CONNECTION_STRING: `InstrumentationKey=${names.appInsights}`,
    APPLICATIONINSIGHTS_AUTHENTICATION_STRING: "Authorization=AAD",
    AzureFunctionsJobHost__functionTimeout: fn.timeout,
    MESHPLANE_TABLE_LOCATION: storageUri,
    MESHPLANE_PRODUCT: "customer/customer-360",
  });
  for (const type of [T.scm, T.ftp]) {
    expect(recorder.one(type).inputs).toMatchObject({ name: names.functionApp, allow: false });
  }
  expect(inputsOf(recorder, T.insights, `${P}-inference-insights`)).toMatchObject({
    workspaceResourceId: idOf(`${P}-inference-logs`),
    disableLocalAuth: true,
  });

  // Blob-created events of the product's table only, straight to the events function.
  expect(recorder.ofType(T.topic).map((r) => [r.inputs.source, r.inputs.topicType])).toEqual(
    fn.events === undefined
      ? []
      : [[idOf(`${P}-storage-account`), "Microsoft.Storage.StorageAccounts"]],
  );
  if (fn.events !== undefined) {
    expect(inputsOf(recorder, T.subscription, `${P}-inference-blob-created`)).toMatchObject({
      destination: {
        endpointType: "AzureFunction",
        resourceId: `${idOf(`${P}-inference-app`)}/functions/${fn.events}`,
      },
      filter: {
        includedEventTypes: ["Microsoft.Storage.BlobCreated"],
        isSubjectCaseSensitive: true,
        subjectBeginsWith: `/blobServices/default/containers/${names.container}/blobs/customer/customer-360/`,
      },
    });
  }

  // Alerts to the owners: p99 latency above 500 ms, more than 1 % of requests failing.
  expect(inputsOf(recorder, T.actionGroup, `${P}-inference-owners`)).toMatchObject({
    emailReceivers: [
      { name: "owner-1", emailAddress: "carol@meshplane.test", useCommonAlertSchema: true },
    ],
  });
  const alert = (suffix: string, severity: number, column: string, threshold: number) => ({
    ruleName: `${names.functionApp}-${suffix}`,
    location: c.region,
    severity,
    enabled: true,
    kind: "LogAlert",
    scopes: [idOf(`${P}-inference-insights`)],
    evaluationFrequency: "PT5M",
    windowSize: "PT5M",
    criteria: {
      allOf: [
        {
          metricMeasureColumn: column,
          operator: "GreaterThan",
          threshold,
          timeAggregation: "Maximum",
          failingPeriods: { numberOfEvaluationPeriods: 1, minFailingPeriodsToAlert: 1 },
        },
      ],
    },
    actions: { actionGroups: [idOf(`${P}-inference-owners`)] },
    tags,
  });
  expect(inputsOf(recorder, T.alert, `${P}-inference-p99-latency`)).toMatchObject(
    alert("p99-latency", 2, "p99DurationMs", 500),
  );
  expect(inputsOf(recorder, T.alert, `${P}-inference-failure-rate`)).toMatchObject(
    alert("failure-rate", 1, "failureRatePercent", 1),
  );
}
