/** The Azure policies, each on resources that pass and resources that violate its control. */
import { describe, expect, it } from "vitest";
import {
  CONTROLS,
  CONTROL_IDS,
  coverageOf,
  policyName,
  type ControlId,
} from "#components/policy/controls";
import { grantRoleAssignmentPlan } from "#components/azure/planning/access";
import { azurePolicies } from "#components/policy/azure";
import { grantFor } from "#test/support/access";
import type { RecordedResource } from "#test/support/pulumi-mocks";
import { runPolicies } from "#test/support/policy-runner";

const LABELS = {
  domain: "reference",
  product: "country-codes",
  tier: "bronze",
  classification: "public",
  owner: "reference-data",
  "managed-by": "meshplane",
  environment: "prod",
  "retention-days": "90",
};

type Inputs = Record<string, unknown>;

function resource(type: string, name: string, inputs: Inputs): RecordedResource {
  return { type, name, inputs, provider: undefined };
}

const SA = "azure-native:storage:StorageAccount";

function account(overrides: Inputs = {}, name = "lake"): RecordedResource {
  return resource(SA, name, {
    accountName: "stlake",
    resourceGroupName: "rg",
    kind: "StorageV2",
    isHnsEnabled: true,
    sku: { name: "Standard_LRS" },
    minimumTlsVersion: "TLS1_2",
    enableHttpsTrafficOnly: true,
    allowBlobPublicAccess: false,
    allowSharedKeyAccess: false,
    defaultToOAuthAuthentication: true,
    isLocalUserEnabled: false,
    networkRuleSet: { defaultAction: "Deny", bypass: "AzureServices, Logging, Metrics" },
    encryption: {
      keySource: "Microsoft.Storage",
      requireInfrastructureEncryption: true,
      services: { blob: { enabled: true, keyType: "Account" } },
    },
    tags: LABELS,
    ...overrides,
  });
}

/** A restricted account's encryption: the product's Key Vault key through its identity. */
const CMK_ENCRYPTION = {
  keySource: "Microsoft.Keyvault",
  requireInfrastructureEncryption: true,
  keyVaultProperties: { keyName: "k", keyVaultUri: "https://kv/" },
  encryptionIdentity: { encryptionUserAssignedIdentity: "/uami" },
};

function blobService(overrides: Inputs = {}): RecordedResource {
  return resource("azure-native:storage:BlobServiceProperties", "lake-blob", {
    accountName: "stlake",
    resourceGroupName: "rg",
    blobServicesName: "default",
    deleteRetentionPolicy: { enabled: true, days: 7 },
    containerDeleteRetentionPolicy: { enabled: true, days: 7 },
    ...overrides,
  });
}

function managementPolicy(
  deleteAction: Inputs,
  accountName = "stlake",
  prefixMatch: string[] = ["wh/d/n/data/"],
): RecordedResource {
  return resource("azure-native:storage:ManagementPolicy", "lake-lifecycle", {
    managementPolicyName: "default",
    accountName,
    resourceGroupName: "rg",
    policy: {
      rules: [
        {
          name: "expire",
          enabled: true,
          type: "Lifecycle",
          definition: { filters: { blobTypes: ["blockBlob"], prefixMatch }, actions: deleteAction },
        },
      ],
    },
  });
}

function functionApp(overrides: Inputs = {}): RecordedResource {
  return resource("azure-native:web:WebApp", "fn", {
    name: "fn-app",
    resourceGroupName: "rg",
    kind: "functionapp,linux",
    httpsOnly: true,
    siteConfig: {
      minTlsVersion: "1.2",
      appSettings: [
        { name: "APPLICATIONINSIGHTS_CONNECTION_STRING", value: "InstrumentationKey=x" },
      ],
    },
    functionAppConfig: { scaleAndConcurrency: { maximumInstanceCount: 40 } },
    tags: LABELS,
    ...overrides,
  });
}

function authSettings(overrides: Inputs = {}): RecordedResource {
  return resource("azure-native:web:WebAppAuthSettingsV2", "fn-auth", {
    name: "fn-app",
    resourceGroupName: "rg",
    platform: { enabled: true },
    globalValidation: { requireAuthentication: true, unauthenticatedClientAction: "Return401" },
    httpSettings: { requireHttps: true },
    ...overrides,
  });
}

function logAlert(column: string, threshold: number, overrides: Inputs = {}): RecordedResource {
  return resource("azure-native:monitor:ScheduledQueryRule", `alert-${column}`, {
    ruleName: `fn-${column}`,
    resourceGroupName: "rg",
    criteria: { allOf: [{ metricMeasureColumn: column, operator: "GreaterThan", threshold }] },
    actions: { actionGroups: ["/ag"] },
    tags: LABELS,
    ...overrides,
  });
}

function diagnostics(overrides: Inputs = {}): RecordedResource {
  return resource("azure-native:monitor:DiagnosticSetting", "lake-access-logs", {
    name: "blob-access",
    resourceUri:
      "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/stlake/blobServices/default",
    workspaceId: "/workspace",
    logs: ["StorageRead", "StorageWrite", "StorageDelete"].map((category) => ({
      category,
      enabled: true,
    })),
    ...overrides,
  });
}

function eventSubscription(overrides: Inputs = {}): RecordedResource {
  return resource("azure-native:eventgrid:SystemTopicEventSubscription", "blob-created", {
    eventSubscriptionName: "blob-created",
    systemTopicName: "evgt",
    resourceGroupName: "rg",
    deadLetterWithResourceIdentity: {
      identity: { type: "SystemAssigned" },
      deadLetterDestination: {
        endpointType: "StorageBlob",
        resourceId: "/runtime",
        blobContainerName: "event-dead-letters",
      },
    },
    ...overrides,
  });
}

function deadLetterAlert(overrides: Inputs = {}): RecordedResource {
  return resource("azure-native:monitor:MetricAlert", "dead-letters", {
    ruleName: "fn-dead-letters",
    resourceGroupName: "rg",
    criteria: {
      odataType: "Microsoft.Azure.Monitor.SingleResourceMultipleMetricCriteria",
      allOf: [
        {
          criterionType: "StaticThresholdCriterion",
          name: "dead-lettered",
          metricName: "DeadLetteredCount",
          operator: "GreaterThan",
          threshold: 0,
          timeAggregation: "Total",
        },
      ],
    },
    actions: [{ actionGroupId: "/ag" }],
    tags: LABELS,
    ...overrides,
  });
}

function keyVault(properties: Inputs = {}): RecordedResource {
  return resource("azure-native:keyvault:Vault", "kv", {
    vaultName: "kv",
    resourceGroupName: "rg",
    properties: {
      enableSoftDelete: true,
      softDeleteRetentionInDays: 90,
      enablePurgeProtection: true,
      enableRbacAuthorization: true,
      networkAcls: { bypass: "AzureServices", defaultAction: "Deny" },
      ...properties,
    },
    tags: LABELS,
  });
}

function vaultKey(rotationPolicy: Inputs | undefined): RecordedResource {
  return resource("azure-native:keyvault:Key", "key", {
    keyName: "storage",
    vaultName: "kv",
    resourceGroupName: "rg",
    properties: { kty: "RSA", ...(rotationPolicy === undefined ? {} : { rotationPolicy }) },
    tags: LABELS,
  });
}

const ROTATION = {
  attributes: { expiryTime: "P2Y" },
  lifetimeActions: [{ trigger: { timeAfterCreate: "P1Y" }, action: { type: "rotate" } }],
};

function roleAssignment(role: string, scope: string): RecordedResource {
  return resource("azure-native:authorization:RoleAssignment", `grant-${role}`, {
    principalId: "p",
    principalType: "ServicePrincipal",
    roleDefinitionId: `/subscriptions/s/providers/Microsoft.Authorization/roleDefinitions/${role}`,
    scope,
  });
}

const ROLE = {
  blobReader: "2a2b9908-6ea1-4ae2-8e65-a410df84e7d1",
  owner: "8e3af657-a8ff-443c-a75c-2fe8c4bcb635",
  keyUser: "e147488a-f6f5-4113-8e2d-b22465e65bf6",
};

const ACCOUNT_ID =
  "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/stlake";

/** A gold lake's backup: a daily policy keeping 30 days and the instance naming the account. */
function backupPolicy(
  schedule = "R/2024-01-01T02:00:00+00:00/P1D",
  keep = "P30D",
): RecordedResource {
  return resource("azure-native:dataprotection:BackupPolicy", "backup-policy", {
    backupPolicyName: "adls-daily",
    vaultName: "bv",
    resourceGroupName: "rg",
    properties: {
      objectType: "BackupPolicy",
      datasourceTypes: ["Microsoft.Storage/storageAccounts/adlsBlobServices"],
      policyRules: [
        {
          name: "Default",
          objectType: "AzureRetentionRule",
          isDefault: true,
          lifecycles: [{ deleteAfter: { duration: keep, objectType: "AbsoluteDeleteOption" } }],
        },
        {
          name: "BackupDaily",
          objectType: "AzureBackupRule",
          trigger: {
            objectType: "ScheduleBasedTriggerContext",
            schedule: { repeatingTimeIntervals: [schedule] },
          },
        },
      ],
    },
  });
}

function backupInstance(accountName = "stlake"): RecordedResource {
  return resource("azure-native:resources:Resource", "backup-instance", {
    resourceGroupName: "rg",
    resourceProviderNamespace: "Microsoft.DataProtection",
    parentResourcePath: "backupVaults/bv",
    resourceType: "backupInstances",
    resourceName: accountName,
    apiVersion: "2025-07-01",
    properties: { dataSourceInfo: { resourceName: accountName } },
    tags: LABELS,
  });
}

const GOLD_TAGS = { ...LABELS, tier: "gold", "retention-days": "2555" };

function backupVault(type: string, tier = "gold", security: Inputs = LOCKED): RecordedResource {
  return resource("azure-native:dataprotection:BackupVault", "vault", {
    vaultName: "bv",
    resourceGroupName: "rg",
    properties: {
      storageSettings: [{ datastoreType: "VaultStore", type }],
      securitySettings: security,
    },
    tags: { ...LABELS, tier },
  });
}

const LOCKED = {
  softDeleteSettings: { state: "On", retentionDurationInDays: 14 },
  immutabilitySettings: { state: "Locked" },
};

/** A small, compliant bronze product with an http function: the baseline every case starts from. */
function baseline(): RecordedResource[] {
  return [
    account(),
    blobService(),
    resource("azure-native:storage:BlobContainer", "lake-container", {
      containerName: "wh",
      accountName: "stlake",
      resourceGroupName: "rg",
      publicAccess: "None",
    }),
    managementPolicy({ baseBlob: { delete: { daysAfterModificationGreaterThan: 90 } } }),
    diagnostics(),
    functionApp(),
    authSettings(),
    logAlert("p99DurationMs", 500),
    logAlert("failureRatePercent", 1),
    resource("azure-native:operationalinsights:Workspace", "logs", {
      workspaceName: "log",
      resourceGroupName: "rg",
      retentionInDays: 365,
      tags: LABELS,
    }),
  ];
}

/** The baseline with blob-created events delivered to the function. */
function withEvents(): RecordedResource[] {
  return [...baseline(), eventSubscription(), deadLetterAlert()];
}

/** The baseline made gold: a geo-redundant lake backed up into a locked vault. */
function goldBaseline(): RecordedResource[] {
  return [
    ...baseline().map((r) =>
      r.type === SA
        ? account({ sku: { name: "Standard_RAGZRS" }, tags: GOLD_TAGS })
        : r.type === "azure-native:storage:ManagementPolicy"
          ? managementPolicy({ baseBlob: { delete: { daysAfterModificationGreaterThan: 2555 } } })
          : r,
    ),
    backupVault("GeoRedundant"),
    backupPolicy(),
    backupInstance(),
  ];
}

async function violationsOf(control: ControlId, resources: RecordedResource[]): Promise<string[]> {
  const name = policyName(control, "azure");
  const violations = await runPolicies(azurePolicies, resources);
  return violations.filter((v) => v.policy === name).map((v) => v.message);
}

interface Case {
  control: ControlId;
  label: string;
  resources: () => RecordedResource[];
  violation: RegExp;
}

/** An access grant's role assignment as the planner makes it, for a product of `classification`. */
function grantAssignment(classification: "internal" | "restricted", change: Inputs = {}) {
  const grant = grantFor({
    domain: "payments",
    name: "card-transactions",
    classification,
    target: { cloud: "azure", region: "eastasia" },
  });
  const plan = grantRoleAssignmentPlan(grant, ACCOUNT_ID, "wh");
  return resource("azure-native:authorization:RoleAssignment", "grant-g0001-reader", {
    principalId: plan.principalId,
    principalType: plan.principalType,
    roleDefinitionId: `/subscriptions/s/providers/Microsoft.Authorization/roleDefinitions/${ROLE.blobReader}`,
    scope: plan.scope,
    description: plan.description,
    ...(plan.condition === undefined ? {} : { condition: plan.condition, conditionVersion: "2.0" }),
    ...change,
  });
}

const RESTRICTED_TAGS = { ...LABELS, classification: "restricted" };

const VIOLATIONS: Case[] = [
  {
    control: "MP-ENC-001",
    label: "no infrastructure encryption",
    resources: () => [
      account({
        encryption: { keySource: "Microsoft.Storage", requireInfrastructureEncryption: false },
      }),
    ],
    violation: /requireInfrastructureEncryption must be true/,
  },
  {
    control: "MP-ENC-001",
    label: "no encryption settings",
    resources: () => [account({ encryption: undefined })],
    violation: /sets no encryption settings/,
  },
  {
    control: "MP-NET-001",
    label: "public blob access allowed",
    resources: () => [account({ allowBlobPublicAccess: true })],
    violation: /allowBlobPublicAccess must be false/,
  },
  {
    control: "MP-NET-001",
    label: "a public container",
    resources: () => [
      resource("azure-native:storage:BlobContainer", "c", {
        containerName: "c",
        publicAccess: "Blob",
      }),
    ],
    violation: /publicAccess must be None, not Blob/,
  },
  {
    control: "MP-TLS-001",
    label: "TLS 1.0 allowed",
    resources: () => [account({ minimumTlsVersion: "TLS1_0" })],
    violation: /minimumTlsVersion must be TLS1_2 or TLS1_3, not TLS1_0/,
  },
  {
    control: "MP-TLS-001",
    label: "plain HTTP allowed",
    resources: () => [account({ enableHttpsTrafficOnly: false })],
    violation: /enableHttpsTrafficOnly must be true/,
  },
  {
    control: "MP-TLS-001",
    label: "a function app without httpsOnly",
    resources: () => [functionApp({ httpsOnly: false })],
    violation: /httpsOnly must be true/,
  },
  {
    control: "MP-VER-001",
    label: "no blob service settings",
    resources: () => [account()],
    violation: /has no blob service settings/,
  },
  {
    control: "MP-VER-001",
    label: "blob soft delete too short",
    resources: () => [
      account(),
      blobService({ deleteRetentionPolicy: { enabled: true, days: 3 } }),
    ],
    violation: /blob soft delete must be on for at least 7 days/,
  },
  {
    control: "MP-VER-001",
    label: "container soft delete off",
    resources: () => [
      account(),
      blobService({ containerDeleteRetentionPolicy: { enabled: false, days: 30 } }),
    ],
    violation: /container soft delete must be on/,
  },
  {
    control: "MP-VER-001",
    label: "versioning on a hierarchical-namespace account",
    resources: () => [account(), blobService({ isVersioningEnabled: true })],
    violation: /does not support blob versioning/,
  },
  {
    control: "MP-VER-001",
    label: "a flat account without versioning",
    resources: () => [account({ isHnsEnabled: false }), blobService()],
    violation: /flat namespace: blob versioning must be on/,
  },
  {
    control: "MP-LIF-001",
    label: "base blobs deleted before the retention",
    resources: () => [
      account(),
      managementPolicy({ baseBlob: { delete: { daysAfterModificationGreaterThan: 30 } } }),
    ],
    violation: /baseBlob.delete after 30 days comes before the 90-day retention of stlake/,
  },
  {
    control: "MP-LIF-001",
    label: "snapshots deleted before the retention",
    resources: () => [
      account(),
      managementPolicy({ snapshot: { delete: { daysAfterCreationGreaterThan: 89 } } }),
    ],
    violation: /snapshot.delete after 89 days/,
  },
  {
    control: "MP-LIF-001",
    label: "a delete with no day count",
    resources: () => [account(), managementPolicy({ baseBlob: { delete: {} } })],
    violation: /after 0 days/,
  },
  {
    control: "MP-LIF-001",
    label: "a policy whose account is not in the stack",
    resources: () => [
      managementPolicy(
        { baseBlob: { delete: { daysAfterModificationGreaterThan: 900 } } },
        "other",
      ),
    ],
    violation: /its storage account is not in this stack/,
  },
  {
    control: "MP-LIF-001",
    label: "an account without a retention-days tag",
    resources: () => [
      account({ tags: { ...LABELS, "retention-days": "" } }),
      managementPolicy({ baseBlob: { delete: { daysAfterModificationGreaterThan: 900 } } }),
    ],
    violation: /has no valid retention-days tag/,
  },
  {
    control: "MP-GEO-001",
    label: "a gold account on zone-redundant storage",
    resources: () => [
      account({ sku: { name: "Standard_ZRS" }, tags: { ...LABELS, tier: "gold" } }),
    ],
    violation: /needs a geo-redundant SKU, not Standard_ZRS/,
  },
  {
    control: "MP-GEO-001",
    label: "a gold Backup vault on locally redundant storage",
    resources: () => [backupVault("LocallyRedundant")],
    violation: /must store its recovery points GeoRedundant/,
  },
  {
    control: "MP-KEY-001",
    label: "restricted data on Microsoft-managed keys",
    resources: () => [account({ tags: { ...LABELS, classification: "restricted" } })],
    violation: /customer-managed key \(keySource Microsoft.Keyvault\)/,
  },
  {
    control: "MP-KEY-001",
    label: "internal data on Microsoft-managed keys",
    resources: () => [account({ tags: { ...LABELS, classification: "internal" } })],
    violation: /internal data must be encrypted with a customer-managed key/,
  },
  {
    control: "MP-KEY-001",
    label: "a key without a yearly rotation",
    resources: () => [
      vaultKey({
        lifetimeActions: [{ trigger: { timeAfterCreate: "P2Y" }, action: { type: "rotate" } }],
      }),
    ],
    violation: /must rotate at least yearly/,
  },
  {
    control: "MP-KEY-001",
    label: "a customer-managed key without an identity",
    resources: () => [
      account({
        tags: { ...LABELS, classification: "restricted" },
        encryption: {
          keySource: "Microsoft.Keyvault",
          requireInfrastructureEncryption: true,
          keyVaultProperties: { keyName: "k", keyVaultUri: "https://kv/" },
        },
      }),
    ],
    violation: /encryptionIdentity must name the identity/,
  },
  {
    control: "MP-LBL-001",
    label: "a storage account without the owner label",
    resources: () => [account({ tags: { ...LABELS, owner: "" } })],
    violation: /missing mesh labels: owner/,
  },
  {
    control: "MP-LBL-001",
    label: "a Key Vault without tags",
    resources: () => [resource("azure-native:keyvault:Vault", "kv", { vaultName: "kv" })],
    violation: /missing mesh labels: domain, product, tier, classification, owner, managed-by/,
  },
  {
    control: "MP-NET-001",
    label: "an account open to every network",
    resources: () => [account({ networkRuleSet: { defaultAction: "Allow" } })],
    violation: /networkRuleSet.defaultAction must be Deny/,
  },
  {
    control: "MP-NET-001",
    label: "an account without a firewall",
    resources: () => [account({ networkRuleSet: undefined })],
    violation: /networkRuleSet.defaultAction must be Deny .*not unset/,
  },
  {
    control: "MP-NET-001",
    label: "a firewall that shuts out trusted services",
    resources: () => [account({ networkRuleSet: { defaultAction: "Deny", bypass: "None" } })],
    violation: /bypass must include AzureServices/,
  },
  {
    control: "MP-KEY-002",
    label: "a purgeable Key Vault",
    resources: () => [keyVault({ enablePurgeProtection: false })],
    violation: /enablePurgeProtection must be true/,
  },
  {
    control: "MP-KEY-002",
    label: "a Key Vault keeping deleted keys a week",
    resources: () => [keyVault({ softDeleteRetentionInDays: 7 })],
    violation: /softDeleteRetentionInDays must be at least 90, not 7/,
  },
  {
    control: "MP-KEY-002",
    label: "a Key Vault with access policies and an open firewall",
    resources: () => [
      keyVault({ enableRbacAuthorization: false, networkAcls: { defaultAction: "Allow" } }),
    ],
    violation: /enableRbacAuthorization must be true/,
  },
  {
    control: "MP-KEY-002",
    label: "a key whose versions never expire",
    resources: () => [vaultKey(undefined)],
    violation: /rotationPolicy.attributes.expiryTime must be set/,
  },
  {
    control: "MP-LIF-002",
    label: "expiry on the whole container, metadata included",
    resources: () => [
      account(),
      managementPolicy(
        { baseBlob: { delete: { daysAfterModificationGreaterThan: 90 } } },
        "stlake",
        ["wh/"],
      ),
    ],
    violation: /rule expire filters on wh\/, not a table's data\/ folder/,
  },
  {
    control: "MP-LIF-002",
    label: "expiry on the whole account",
    resources: () => [
      managementPolicy(
        { baseBlob: { delete: { daysAfterModificationGreaterThan: 90 } } },
        "stlake",
        [],
      ),
    ],
    violation: /applies to the whole account/,
  },
  {
    control: "MP-LIF-002",
    label: "data files archived offline",
    resources: () => [
      managementPolicy({
        baseBlob: {
          tierToArchive: { daysAfterModificationGreaterThan: 60 },
          delete: { daysAfterModificationGreaterThan: 400 },
        },
      }),
    ],
    violation: /Archive is offline \(a read needs a restore first\)/,
  },
  {
    control: "MP-LIF-002",
    label: "Cold held 65 days before deletion",
    resources: () => [
      managementPolicy({
        baseBlob: {
          tierToCool: { daysAfterModificationGreaterThan: 30 },
          tierToCold: { daysAfterModificationGreaterThan: 300 },
          delete: { daysAfterModificationGreaterThan: 365 },
        },
      }),
    ],
    violation: /Cold at day 300 is left at day 365, before its 90-day minimum/,
  },
  {
    control: "MP-LIF-002",
    label: "Cool held 15 days before Cold",
    resources: () => [
      managementPolicy({
        baseBlob: {
          tierToCool: { daysAfterModificationGreaterThan: 30 },
          tierToCold: { daysAfterModificationGreaterThan: 45 },
          delete: { daysAfterModificationGreaterThan: 365 },
        },
      }),
    ],
    violation: /Cool at day 30 is left at day 45, before its 30-day minimum/,
  },
  {
    control: "MP-LIF-002",
    label: "snapshot actions",
    resources: () => [
      managementPolicy({ snapshot: { delete: { daysAfterCreationGreaterThan: 90 } } }),
    ],
    violation: /acts on snapshots, which nothing in the platform takes/,
  },
  {
    control: "MP-BAK-001",
    label: "a gold data lake without a backup instance",
    resources: () => goldBaseline().filter((r) => r.type !== "azure-native:resources:Resource"),
    violation: /gold data lake stlake has no backup instance/,
  },
  {
    control: "MP-BAK-001",
    label: "a weekly backup",
    resources: () => [
      ...goldBaseline().filter((r) => r.type !== "azure-native:dataprotection:BackupPolicy"),
      backupPolicy("R/2024-01-01T02:00:00+00:00/P1W"),
    ],
    violation: /must back up daily/,
  },
  {
    control: "MP-BAK-001",
    label: "daily recovery points kept a week",
    resources: () => [
      ...goldBaseline().filter((r) => r.type !== "azure-native:dataprotection:BackupPolicy"),
      backupPolicy(undefined, "P7D"),
    ],
    violation: /must keep daily recovery points at least 30 days, not 7/,
  },
  {
    control: "MP-BAK-001",
    label: "a gold data lake and no Backup policy",
    resources: () =>
      goldBaseline().filter((r) => r.type !== "azure-native:dataprotection:BackupPolicy"),
    violation: /a gold product needs a Backup policy/,
  },
  {
    control: "MP-BAK-002",
    label: "an unlocked gold vault",
    resources: () => [
      backupVault("GeoRedundant", "gold", {
        ...LOCKED,
        immutabilitySettings: { state: "Unlocked" },
      }),
    ],
    violation: /must be locked immutable, not Unlocked/,
  },
  {
    control: "MP-BAK-002",
    label: "a gold vault without soft delete",
    resources: () => [
      backupVault("GeoRedundant", "gold", { ...LOCKED, softDeleteSettings: { state: "Off" } }),
    ],
    violation: /soft delete must be on for at least 14 days/,
  },
  {
    control: "MP-NET-002",
    label: "a function app without authentication",
    resources: () => baseline().filter((r) => r.type !== "azure-native:web:WebAppAuthSettingsV2"),
    violation: /function app fn-app has no App Service authentication/,
  },
  {
    control: "MP-NET-002",
    label: "authentication that lets anonymous callers through",
    resources: () => [
      functionApp(),
      authSettings({
        globalValidation: {
          requireAuthentication: false,
          unauthenticatedClientAction: "AllowAnonymous",
        },
      }),
    ],
    violation: /unauthenticatedClientAction must be Return401 or Return403, not AllowAnonymous/,
  },
  {
    control: "MP-NET-002",
    label: "a path other than Event Grid's excluded",
    resources: () => [
      functionApp(),
      authSettings({
        globalValidation: {
          requireAuthentication: true,
          unauthenticatedClientAction: "Return401",
          excludedPaths: ["/api/score"],
        },
      }),
    ],
    violation: /may skip authentication, not \/api\/score/,
  },
  {
    control: "MP-DLQ-001",
    label: "events dropped when undeliverable",
    resources: () => [eventSubscription({ deadLetterWithResourceIdentity: undefined })],
    violation: /undeliverable events are dropped/,
  },
  {
    control: "MP-TRC-001",
    label: "a function app without Application Insights",
    resources: () => [functionApp({ siteConfig: { minTlsVersion: "1.2", appSettings: [] } })],
    violation: /sends no traces/,
  },
  {
    control: "MP-MON-001",
    label: "a latency alert at 2 seconds",
    resources: () => [
      ...baseline().filter((r) => r.name !== "alert-p99DurationMs"),
      logAlert("p99DurationMs", 2000),
    ],
    violation: /p99 latency \(ms\) alert fires above 2000, later than the platform's 500/,
  },
  {
    control: "MP-MON-001",
    label: "no failure-rate alert",
    resources: () => baseline().filter((r) => r.name !== "alert-failureRatePercent"),
    violation: /no alert on the functions' failure rate/,
  },
  {
    control: "MP-MON-001",
    label: "an alert that notifies nobody",
    resources: () => [
      ...baseline().filter((r) => r.name !== "alert-p99DurationMs"),
      logAlert("p99DurationMs", 500, { actions: { actionGroups: [] } }),
    ],
    violation: /log alert fn-p99DurationMs notifies nobody/,
  },
  {
    control: "MP-MON-001",
    label: "dead letters nobody hears of",
    resources: () => withEvents().filter((r) => r.name !== "dead-letters"),
    violation: /no alert fires when one is dead-lettered/,
  },
  {
    control: "MP-LOG-001",
    label: "a data lake without access logs",
    resources: () => [account(), blobService()],
    violation: /1 data lake\(s\) but 0 blob-service diagnostic setting\(s\)/,
  },
  {
    control: "MP-LOG-001",
    label: "access logs without deletes",
    resources: () => [
      account(),
      diagnostics({
        logs: [
          { category: "StorageRead", enabled: true },
          { category: "StorageWrite", enabled: true },
        ],
      }),
    ],
    violation: /does not log StorageDelete/,
  },
  {
    control: "MP-LOG-002",
    label: "a workspace keeping logs 30 days",
    resources: () => [
      resource("azure-native:operationalinsights:Workspace", "logs", {
        workspaceName: "log",
        retentionInDays: 30,
        tags: LABELS,
      }),
    ],
    violation: /keeps logs 30 days, less than 365/,
  },
  {
    control: "MP-IAM-001",
    label: "blob reads granted on a whole resource group",
    resources: () => [roleAssignment(ROLE.blobReader, "/subscriptions/s/resourceGroups/rg")],
    violation: /scope \/subscriptions\/s\/resourceGroups\/rg is a subscription or resource group/,
  },
  {
    control: "MP-IAM-001",
    label: "blob reads granted on a whole account",
    resources: () => [roleAssignment(ROLE.blobReader, ACCOUNT_ID)],
    violation: /Storage Blob Data Reader must be scoped to one container/,
  },
  {
    control: "MP-IAM-001",
    label: "Owner on a key",
    resources: () => [roleAssignment(ROLE.owner, `${ACCOUNT_ID}/keys/k`)],
    violation: /Owner is never assigned/,
  },
  {
    control: "MP-IAM-002",
    label: "an account taking shared keys",
    resources: () => [account({ allowSharedKeyAccess: true })],
    violation: /allowSharedKeyAccess must be false/,
  },
  {
    control: "MP-IAM-002",
    label: "an account with local users",
    resources: () => [account({ isLocalUserEnabled: true })],
    violation: /isLocalUserEnabled must be false/,
  },
  {
    control: "MP-FN-001",
    label: "a function app without a maximum instance count",
    resources: () => [functionApp({ functionAppConfig: { scaleAndConcurrency: {} } })],
    violation: /maximumInstanceCount must be set/,
  },
  {
    control: "MP-FN-001",
    label: "a function app with a fractional limit",
    resources: () => [
      functionApp({ functionAppConfig: { scaleAndConcurrency: { maximumInstanceCount: 1.5 } } }),
    ],
    violation: /maximumInstanceCount must be set/,
  },
  {
    control: "MP-ACC-001",
    label: "a grant to a user at the account",
    resources: () => [
      account(),
      grantAssignment("internal", { principalType: "User", scope: ACCOUNT_ID }),
    ],
    violation: /principalType User must be ServicePrincipal or Group/,
  },
  {
    control: "MP-ACC-002",
    label: "a restricted grant without an end-date condition",
    resources: () => [
      account({ tags: RESTRICTED_TAGS }),
      grantAssignment("restricted", { condition: undefined, conditionVersion: undefined }),
    ],
    violation: /restricted grant: no end-date condition/,
  },
  {
    control: "MP-ACC-002",
    label: "a restricted grant recorded without its platform admin",
    resources: () => [
      account({ tags: RESTRICTED_TAGS }),
      grantAssignment("restricted", {
        description: "meshplane grant g0001; approved by owner ann; until 2027-02-01T00:00:00.000Z",
      }),
    ],
    violation: /needs a platform admin's approval/,
  },
];

/** The controls met on Azure, in the control list's order. */
const APPLICABLE: ControlId[] = CONTROL_IDS.filter((c) => coverageOf(c, "azure").status === "met");

describe("azurePolicies", () => {
  it("has one mandatory policy per applicable control, named and described after it", () => {
    expect(azurePolicies.map((p) => p.name).sort()).toEqual(
      APPLICABLE.map((c) => policyName(c, "azure")).sort(),
    );
    for (const control of APPLICABLE) {
      const policy = azurePolicies.find((p) => p.name === policyName(control, "azure"));
      expect(policy?.enforcementLevel).toBe("mandatory");
      expect(policy?.description).toMatch(new RegExp(`^${control}: `));
      expect(CONTROLS[control]).toBeDefined();
    }
  });

  it.each([
    ["bronze", baseline],
    ["with events", withEvents],
    ["gold", goldBaseline],
  ] as const)("passes a compliant product (%s)", async (_label, product) => {
    expect(await runPolicies(azurePolicies, product())).toEqual([]);
  });

  it.each(APPLICABLE)("%s passes the compliant baseline", async (control) => {
    expect(await violationsOf(control, baseline())).toEqual([]);
  });

  it("gives every applicable control at least one violating graph", () => {
    expect(new Set(VIOLATIONS.map((c) => c.control))).toEqual(new Set(APPLICABLE));
  });

  it.each(VIOLATIONS)("$control reports $label", async (c) => {
    const messages = await violationsOf(c.control, c.resources());
    expect(messages.length, messages.join("; ")).toBeGreaterThan(0);
    expect(
      messages.some((m) => c.violation.test(m)),
      messages.join("; "),
    ).toBe(true);
  });

  it.each([
    [
      "a gold RA-GZRS account and a geo-redundant vault",
      () => [
        account({ sku: { name: "Standard_RAGZRS" }, tags: { ...LABELS, tier: "gold" } }),
        backupVault("GeoRedundant"),
      ],
      "MP-GEO-001",
    ],
    [
      "a restricted account with a customer-managed key",
      () => [
        account({ tags: { ...LABELS, classification: "restricted" }, encryption: CMK_ENCRYPTION }),
      ],
      "MP-KEY-001",
    ],
    [
      "a purge-protected vault and a yearly rotating key that expires",
      () => [keyVault(), vaultKey(ROTATION)],
      "MP-KEY-002",
    ],
    [
      "Cool at 30, Cold at 90 and deletion at 365 on the data files",
      () => [
        account({ tags: { ...LABELS, "retention-days": "365" } }),
        managementPolicy({
          baseBlob: {
            tierToCool: { daysAfterModificationGreaterThan: 30 },
            tierToCold: { daysAfterModificationGreaterThan: 90 },
            delete: { daysAfterModificationGreaterThan: 365 },
          },
        }),
      ],
      "MP-LIF-002",
    ],
    [
      "container-, key- and account-scoped grants of narrow roles",
      () => [
        roleAssignment(ROLE.blobReader, `${ACCOUNT_ID}/blobServices/default/containers/wh`),
        roleAssignment(
          ROLE.keyUser,
          "/subscriptions/s/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv/keys/k",
        ),
        roleAssignment("e5e2a7ff-d759-4cd2-bb51-3152d37e2eb1", ACCOUNT_ID),
      ],
      "MP-IAM-001",
    ],
    [
      "authentication leaving Event Grid's delivery path to its key",
      () => [
        functionApp(),
        authSettings({
          globalValidation: {
            requireAuthentication: true,
            unauthenticatedClientAction: "Return401",
            excludedPaths: ["/runtime/webhooks/eventgrid"],
          },
        }),
      ],
      "MP-NET-002",
    ],
    [
      "a flat account with versioning, and a version-only lifecycle rule",
      () => [
        account({ isHnsEnabled: false }),
        blobService({ isVersioningEnabled: true }),
        managementPolicy({ version: { delete: { daysAfterCreationGreaterThan: 7 } } }),
      ],
      "MP-VER-001",
    ],
    [
      "a non-function web app without a scale limit",
      () => [functionApp({ kind: "app,linux", functionAppConfig: undefined })],
      "MP-FN-001",
    ],
  ] as const)("accepts %s", async (_label, resources, control) => {
    expect(await violationsOf(control, resources())).toEqual([]);
    expect(await violationsOf("MP-LIF-001", resources())).toEqual([]);
  });
});
