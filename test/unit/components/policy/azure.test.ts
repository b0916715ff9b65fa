/** The Azure policies, each on resources that pass and resources that violate its control. */
import { describe, expect, it } from "vitest";
import {
  CONTROLS,
  CONTROL_IDS,
  coverageOf,
  policyName,
  type ControlId,
} from "../../../../components/policy/controls";
import { azurePolicies } from "../../../../components/policy/azure";
import type { RecordedResource } from "../../../support/pulumi-mocks";
import { runPolicies } from "../../../support/policy-runner";

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
    encryption: {
      keySource: "Microsoft.Storage",
      requireInfrastructureEncryption: true,
      services: { blob: { enabled: true, keyType: "Account" } },
    },
    tags: LABELS,
    ...overrides,
  });
}

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

function managementPolicy(deleteAction: Inputs, accountName = "stlake"): RecordedResource {
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
          definition: { filters: { blobTypes: ["blockBlob"] }, actions: deleteAction },
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
    siteConfig: { minTlsVersion: "1.2" },
    functionAppConfig: { scaleAndConcurrency: { maximumInstanceCount: 40 } },
    tags: LABELS,
    ...overrides,
  });
}

function backupVault(type: string, tier = "gold"): RecordedResource {
  return resource("azure-native:dataprotection:BackupVault", "vault", {
    vaultName: "bv",
    resourceGroupName: "rg",
    properties: { storageSettings: [{ datastoreType: "VaultStore", type }] },
    tags: { ...LABELS, tier },
  });
}

/** A small, compliant bronze product: the baseline every case starts from. */
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
    functionApp(),
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
    label: "internal data on Microsoft-managed keys (the contract's encryption policy)",
    resources: () => [account({ tags: { ...LABELS, classification: "internal" } })],
    violation: /^internal data must be encrypted with a customer-managed key/,
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

  it("passes a compliant product", async () => {
    expect(await runPolicies(azurePolicies, baseline())).toEqual([]);
  });

  it.each(APPLICABLE)("%s passes the compliant baseline", async (control) => {
    expect(await violationsOf(control, baseline())).toEqual([]);
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
        account({
          tags: { ...LABELS, classification: "restricted" },
          encryption: {
            keySource: "Microsoft.Keyvault",
            requireInfrastructureEncryption: true,
            keyVaultProperties: { keyName: "k", keyVaultUri: "https://kv/" },
            encryptionIdentity: { encryptionUserAssignedIdentity: "/uami" },
          },
        }),
      ],
      "MP-KEY-001",
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
