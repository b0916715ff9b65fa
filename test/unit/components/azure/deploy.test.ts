/**
 * deployAzure for every tier × classification × inference (none, http, blob-created events, both
 * triggers), gold in both regions the contract accepts it in (eastasia, centralindia: vaulted
 * ADLS backup): exact outputs, resource types, key inputs, firewalls, lifecycle, logs, data-store
 * protection, least-privilege grants, and zero violations of the Azure policy pack on the whole
 * graph.
 */
import { beforeEach, describe, expect, it } from "vitest";
import { DataProductOutputs, type Tier } from "#contract";
import { TIER_DAYS, matrixCases, uncoveredShapes, type MatrixCase } from "#test/support/matrix";
import { runPolicies } from "#test/support/policy-runner";
import { cloudTypes, valueOf } from "#test/support/pulumi-mocks";
import {
  captureParent,
  caseContext,
  exampleContext,
  idOf,
  installAzureMocks,
  inputsOf,
  mockMetadataLocation,
  roleId,
  TABLE_METADATA_TYPE,
  variantContext,
  type InferenceKind,
} from "./harness";
import { icebergTableInput, tableProperties } from "#components/local/table-input";

const recorder = installAzureMocks();
const { deployAzure } = await import("#components/azure/deploy");
const { azurePolicies } = await import("#components/policy/azure");
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
  generic: "azure-native:resources:Resource",
  workspace: "azure-native:operationalinsights:Workspace",
  diagnostics: "azure-native:monitor:DiagnosticSetting",
  vnet: "azure-native:network:VirtualNetwork",
  auth: "azure-native:web:WebAppAuthSettingsV2",
  metricAlert: "azure-native:monitor:MetricAlert",
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
const PAIR: Record<string, string> = {
  northeurope: "westeurope",
  eastasia: "southeastasia",
  centralindia: "southindia",
};

/**
 * Minimum days in Cool and Cold before a blob may move on or be deleted without an early-deletion
 * charge (learn.microsoft.com/azure/storage/blobs/access-tiers-overview).
 */
const COOL_MINIMUM_DAYS = 30;
const COLD_MINIMUM_DAYS = 90;

const ROLES = {
  keyUser: roleId("e147488a-f6f5-4113-8e2d-b22465e65bf6"),
  blobReader: roleId("2a2b9908-6ea1-4ae2-8e65-a410df84e7d1"),
  blobOwner: roleId("b7e6dc6d-f1e8-4753-8033-0f276bb0955b"),
  backupContributor: roleId("e5e2a7ff-d759-4cd2-bb51-3152d37e2eb1"),
  metricsPublisher: roleId("3913510d-42f4-4e42-8a64-420c390055eb"),
  blobContributor: roleId("ba92f5b4-2d11-453d-a403-e96b0029c9fe"),
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
        { ...c, region: "eastasia" },
        { ...c, region: "centralindia" },
      ]
    : [{ ...c, region: "northeurope" }],
);

function expectedTypes(c: Case): string[] {
  const types: string[] = [T.group, T.account, T.blobService, T.container, T.lifecycle];
  // The table's Iceberg metadata, written by the deployer, granted on the container.
  types.push(TABLE_METADATA_TYPE, T.role);
  types.push(T.workspace, T.diagnostics);
  if (c.classification !== "public") types.push(T.keyVault, T.key, T.identity, T.role);
  if (c.tier === "gold") types.push(T.backupVault, T.role, T.backupPolicy, T.generic);
  if (c.inference !== "none") {
    types.push(T.vnet, T.account, T.blobService, T.lifecycle, T.container);
    types.push(T.insights, T.plan, T.app, T.scm, T.ftp, T.auth);
    types.push(T.role, T.role, T.role, T.deployment, T.actionGroup, T.alert, T.alert);
    if (FUNCTIONS[c.inference].events !== undefined) {
      types.push(T.topic, T.subscription, T.container, T.role, T.metricAlert);
    }
  }
  return types.sort();
}

/** The function's subnet, as FunctionNetwork names it. */
const SUBNET = `${idOf(`${P}-network-vnet`)}/subnets/functions`;

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
        metadataLocation: mockMetadataLocation(storageUri),
        partitioning: "iceberg",
      },
      backup: !gold
        ? { kind: "none" }
        : {
            kind: "azure-backup-vault",
            region: PAIR[c.region],
            location: idOf(`${P}-backup-vault`),
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

    // A real Iceberg table in the container: its first metadata from the spec (schema, partition
    // spec, sort order), registered in the catalog by the file it wrote (outputs above).
    expect(inputsOf(recorder, TABLE_METADATA_TYPE, `${P}-storage-table`)).toMatchObject({
      accountName: names.storageAccount,
      containerName: names.container,
      tablePath: "customer/customer-360",
      location: storageUri,
      table: icebergTableInput(context.spec.table, tableProperties(context)),
    });

    expect(inputsOf(recorder, T.group, `${P}-rg`)).toEqual({
      resourceGroupName: names.resourceGroup,
      location: c.region,
      tags: context.labels,
    });

    // The data lake: ADLS Gen2, redundancy by tier, nothing anonymous or key-based, a firewall
    // that lets in trusted services and the function's subnet only, and the product's Key Vault
    // key for every classification but public (Microsoft-managed keys for public data).
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
      networkRuleSet: {
        defaultAction: "Deny",
        bypass: "AzureServices, Logging, Metrics",
        ipRules: [],
        virtualNetworkRules:
          fn === undefined ? [] : [{ virtualNetworkResourceId: SUBNET, action: "Allow" }],
      },
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

    // Lifecycle: the table's data files only (never metadata/), Cool then Cold (never the
    // offline Archive tier), each step only where the file then stays the tier's minimum, and
    // deleted at the tier's expiry.
    const coldDay = days.expire - days.archive >= COLD_MINIMUM_DAYS ? days.archive : undefined;
    const coolDay =
      (coldDay ?? days.expire) - days.cool >= COOL_MINIMUM_DAYS ? days.cool : undefined;
    const after = (n: number) => ({ daysAfterModificationGreaterThan: n });
    expect(inputsOf(recorder, T.lifecycle, `${P}-lifecycle-policy`)).toEqual({
      managementPolicyName: "default",
      accountName: names.storageAccount,
      resourceGroupName: names.resourceGroup,
      policy: {
        rules: [
          {
            name: "tier-and-expire-data-files",
            enabled: true,
            type: "Lifecycle",
            definition: {
              filters: {
                blobTypes: ["blockBlob"],
                prefixMatch: [`${names.container}/customer/customer-360/data/`],
              },
              actions: {
                baseBlob: {
                  ...(coolDay === undefined ? {} : { tierToCool: after(coolDay) }),
                  ...(coldDay === undefined ? {} : { tierToCold: after(coldDay) }),
                  delete: after(days.expire),
                },
              },
            },
          },
        ],
      },
    });

    // Data-access logs of the lake, and every log, kept 365 days in the product's workspace.
    expect(inputsOf(recorder, T.workspace, `${P}-observability-logs`)).toEqual({
      workspaceName: names.logAnalytics,
      resourceGroupName: names.resourceGroup,
      location: c.region,
      sku: { name: "PerGB2018" },
      retentionInDays: 365,
      features: { disableLocalAuth: true },
      tags: context.labels,
    });
    expect(inputsOf(recorder, T.diagnostics, `${P}-observability-blob-access`)).toEqual({
      name: "meshplane-blob-access",
      resourceUri: `${idOf(`${P}-storage-account`)}/blobServices/default`,
      workspaceId: idOf(`${P}-observability-logs`),
      logs: [
        { category: "StorageRead", enabled: true },
        { category: "StorageWrite", enabled: true },
        { category: "StorageDelete", enabled: true },
      ],
    });

    // Data stores (and the group that holds them) are retained on delete everywhere and
    // protected for gold; nothing else is retained.
    const stores = [`${P}-rg`, `${P}-storage-account`, `${P}-storage-container`];
    if (cmk) stores.push(`${P}-storage-cmk-vault`, `${P}-storage-cmk-key`);
    if (gold) stores.push(`${P}-backup-vault`);
    expect(
      captured
        .filter((r) => r.retainOnDelete || r.protect)
        .map((r) => [r.name, r.retainOnDelete, r.protect])
        .sort(),
    ).toEqual(stores.map((name) => [name, true, gold]).sort());

    // Every role assignment, as [name, role, scope, principal]: each grant names one role on
    // one resource, and none reaches the account, the group or the subscription.
    const grants: string[][] = [deployerGrant()];
    if (cmk) grants.push(...keyGrants(names));
    if (gold) grants.push(...backupGrants(names));
    if (fn !== undefined) grants.push(...functionGrants(names, fn.events !== undefined));
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
    if (gold) expectGeoBackup(c, names);
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

  it("gives the new controls a generated graph they can fail", async () => {
    const context = caseContext("gold", "restricted", "both", "eastasia");
    const { parent, settle } = captureParent("p-mutated-fidelity");
    await valueOf(deployAzure(context, parent, {}));
    await settle();
    const mutated = structuredClone(recorder.resources)
      // No authentication on the function, no dead letters, no access logs.
      .filter((r) => r.type !== T.auth && r.type !== T.diagnostics)
      .map((r) => {
        if (r.type === T.backupVault) {
          const inputs = structuredClone(r.inputs) as {
            properties: { securitySettings: { immutabilitySettings: { state: string } } };
          };
          inputs.properties.securitySettings.immutabilitySettings.state = "Unlocked";
          return { ...r, inputs };
        }
        if (r.type === T.subscription) {
          return { ...r, inputs: { ...r.inputs, deadLetterWithResourceIdentity: undefined } };
        }
        if (r.type === T.workspace) return { ...r, inputs: { ...r.inputs, retentionInDays: 30 } };
        return r;
      });
    const policies = new Set((await runPolicies(azurePolicies, mutated)).map((v) => v.policy));
    expect([...policies].sort()).toEqual([
      "mp-bak-002-azure",
      "mp-dlq-001-azure",
      "mp-log-001-azure",
      "mp-log-002-azure",
      "mp-net-002-azure",
    ]);
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
      "deployAzure: context.spec.target.secondaryRegion: Azure geo-redundant storage in eastasia replicates only to its paired region southeastasia, not uksouth",
    );
  });

  it("accepts the pair spelled out", async () => {
    const context = variantContext("customer-360.yaml", (s) => {
      s.target.secondaryRegion = "southeastasia";
    });
    const { parent, settle } = captureParent("p-pair-ok");
    const outputs = await valueOf(deployAzure(context, parent, {}));
    await settle();
    expect(outputs.backup.region).toBe("southeastasia");
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

/** The deployer writes the table's metadata: data access on the container, nothing wider. */
function deployerGrant(): string[] {
  return [
    `${P}-storage-deployer-access`,
    ROLES.blobContributor,
    idOf(`${P}-storage-container`),
    "deployer-object",
  ];
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

/**
 * The function reads the product's container (not the account) and owns only its own things; the
 * events topic writes dead letters into one container of the runtime storage.
 */
function functionGrants(names: AzureNames, events: boolean): string[][] {
  const principal = `${names.functionApp}-principal`;
  const deadLetters = [
    `${P}-inference-dead-letter-writer`,
    ROLES.blobContributor,
    `${idOf(`${P}-inference-storage`)}/blobServices/default/containers/event-dead-letters`,
    `${names.eventGridTopic}-principal`,
  ];
  return [
    ...(events ? [deadLetters] : []),
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
        immutabilitySettings: { state: "Locked" },
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
  expect(inputsOf(recorder, T.generic, `${P}-backup-instance`)).toMatchObject({
    resourceProviderNamespace: "Microsoft.DataProtection",
    parentResourcePath: `backupVaults/${names.backupVault}`,
    resourceType: "backupInstances",
    resourceName: names.storageAccount,
    apiVersion: "2025-07-01",
    properties: {
      dataSourceInfo: {
        resourceID: idOf(`${P}-storage-account`),
        resourceLocation: c.region,
        datasourceType: "Microsoft.Storage/storageAccounts/adlsBlobServices",
      },
      policyInfo: {
        policyId: idOf(`${P}-backup-policy`),
        policyParameters: {
          backupDatasourceParametersList: [
            {
              objectType: "AdlsBlobBackupDatasourceParameters",
              containersList: [names.container],
            },
          ],
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

  // The function's network: one subnet, delegated to Flex Consumption, reaching storage
  // through its service endpoint.
  expect(inputsOf(recorder, T.vnet, `${P}-network-vnet`)).toMatchObject({
    virtualNetworkName: names.virtualNetwork,
    resourceGroupName: names.resourceGroup,
    location: c.region,
    addressSpace: { addressPrefixes: ["10.20.0.0/22"] },
    subnets: [
      {
        name: "functions",
        addressPrefix: "10.20.0.0/22",
        delegations: [{ name: "flex", serviceName: "Microsoft.App/environments" }],
        serviceEndpoints: [{ service: "Microsoft.Storage" }],
      },
    ],
    tags,
  });

  // Runtime storage: its own flat account with the lake's redundancy, rules and key, no local
  // users, and a firewall that lets in the function's subnet only.
  expect(inputsOf(recorder, T.account, `${P}-inference-storage`)).toMatchObject({
    accountName: names.functionStorage,
    kind: "StorageV2",
    sku: { name: SKU[c.tier] },
    isHnsEnabled: false,
    minimumTlsVersion: "TLS1_2",
    enableHttpsTrafficOnly: true,
    allowBlobPublicAccess: false,
    allowSharedKeyAccess: false,
    isLocalUserEnabled: false,
    isSftpEnabled: false,
    networkRuleSet: {
      defaultAction: "Deny",
      bypass: "AzureServices, Logging, Metrics",
      ipRules: [],
      virtualNetworkRules: [{ virtualNetworkResourceId: SUBNET, action: "Allow" }],
    },
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
    virtualNetworkSubnetId: SUBNET,
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
    workspaceResourceId: idOf(`${P}-observability-logs`),
    disableLocalAuth: true,
  });
  // No registration is configured: every HTTP request without a valid token gets 401.
  expect(inputsOf(recorder, T.auth, `${P}-inference-auth`)).toEqual({
    name: names.functionApp,
    resourceGroupName: names.resourceGroup,
    platform: { enabled: true },
    globalValidation: {
      requireAuthentication: true,
      unauthenticatedClientAction: "Return401",
      ...(fn.events === undefined ? {} : { excludedPaths: ["/runtime/webhooks/eventgrid"] }),
    },
    httpSettings: { requireHttps: true },
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
      retryPolicy: { maxDeliveryAttempts: 30, eventTimeToLiveInMinutes: 1440 },
      deadLetterWithResourceIdentity: {
        identity: { type: "SystemAssigned" },
        deadLetterDestination: {
          endpointType: "StorageBlob",
          resourceId: idOf(`${P}-inference-storage`),
          blobContainerName: "event-dead-letters",
        },
      },
    });
    expect(inputsOf(recorder, T.topic, `${P}-inference-events`)).toMatchObject({
      identity: { type: "SystemAssigned" },
    });
    expect(inputsOf(recorder, T.metricAlert, `${P}-inference-dead-letters-alert`)).toMatchObject({
      scopes: [idOf(`${P}-inference-events`)],
      actions: [{ actionGroupId: idOf(`${P}-inference-owners`) }],
      tags,
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
