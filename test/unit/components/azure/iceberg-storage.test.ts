/** IcebergStorage (and the CustomerManagedKey it creates from internal data up) under Pulumi mocks. */
import { beforeEach, describe, expect, it } from "vitest";
import type { ProductContext } from "#components/context";
import {
  captureParent,
  exampleContext,
  idOf,
  installAzureMocks,
  inputsOf,
  mockMetadataLocation,
  roleId,
  TABLE_METADATA_TYPE,
  variantContext,
} from "./harness";
import { icebergTableInput, tableProperties } from "#components/local/table-input";
import { valueOf } from "#test/support/pulumi-mocks";

const recorder = installAzureMocks();
const { IcebergStorage } = await import("#components/azure/iceberg-storage");

const RG = "rg-test";
const SA = "azure-native:storage:StorageAccount";

interface Case {
  label: string;
  context: () => ProductContext;
  sku: string;
  softDeleteDays: number;
  cmk: boolean;
  protect: boolean;
}

const CASES: Case[] = [
  {
    label: "bronze public (country-codes)",
    context: () => exampleContext("country-codes.yaml"),
    sku: "Standard_LRS",
    softDeleteDays: 7,
    cmk: false,
    protect: false,
  },
  {
    label: "silver confidential",
    context: () =>
      variantContext("country-codes.yaml", (s) => {
        s.tier = "silver";
        s.classification = "confidential";
        s.sla.rpoMinutes = 60;
        s.sla.rtoMinutes = 480;
      }),
    sku: "Standard_ZRS",
    softDeleteDays: 14,
    cmk: true,
    protect: false,
  },
  {
    label: "bronze internal",
    context: () =>
      variantContext("country-codes.yaml", (s) => {
        s.classification = "internal";
      }),
    sku: "Standard_LRS",
    softDeleteDays: 7,
    cmk: true,
    protect: false,
  },
  {
    label: "bronze restricted",
    context: () =>
      variantContext("country-codes.yaml", (s) => {
        s.classification = "restricted";
      }),
    sku: "Standard_LRS",
    softDeleteDays: 7,
    cmk: true,
    protect: false,
  },
  {
    label: "gold confidential",
    context: () =>
      variantContext("customer-360.yaml", (s) => {
        s.classification = "confidential";
      }),
    sku: "Standard_RAGZRS",
    softDeleteDays: 30,
    cmk: true,
    protect: true,
  },
  {
    label: "gold public",
    context: () =>
      variantContext("customer-360.yaml", (s) => {
        s.classification = "public";
        for (const column of s.table.columns) column.pii = false;
      }),
    sku: "Standard_RAGZRS",
    softDeleteDays: 30,
    cmk: false,
    protect: true,
  },
  {
    label: "gold restricted (customer-360)",
    context: () => exampleContext("customer-360.yaml"),
    sku: "Standard_RAGZRS",
    softDeleteDays: 30,
    cmk: true,
    protect: true,
  },
];

beforeEach(() => {
  recorder.reset();
});

describe("IcebergStorage", () => {
  it.each(CASES)("$label", async (c) => {
    const context = c.context();
    const names = context.names.azure;
    const { parent, captured, settle } = captureParent(`p-${c.label}`);
    const lake = new IcebergStorage("lake", { context, resourceGroupName: RG }, { parent });
    await settle();

    const account = inputsOf(recorder, SA);
    const identityId = idOf("lake-cmk-identity");
    expect(account).toMatchObject({
      accountName: names.storageAccount,
      resourceGroupName: RG,
      location: context.spec.target.region,
      kind: "StorageV2",
      sku: { name: c.sku },
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
      // Default deny: trusted Azure services only, as no network was allowed in.
      networkRuleSet: {
        defaultAction: "Deny",
        bypass: "AzureServices, Logging, Metrics",
        ipRules: [],
        virtualNetworkRules: [],
      },
      publicNetworkAccess: "Enabled",
      tags: context.labels,
    });
    const services = {
      blob: { enabled: true, keyType: "Account" },
      file: { enabled: true, keyType: "Account" },
    };
    if (c.cmk) {
      expect(account.encryption).toEqual({
        keySource: "Microsoft.Keyvault",
        keyVaultProperties: {
          keyName: "storage",
          keyVaultUri: `https://${names.keyVault}.vault.azure.net/`,
        },
        encryptionIdentity: { encryptionUserAssignedIdentity: identityId },
        requireInfrastructureEncryption: true,
        services,
      });
      expect(account.identity).toEqual({
        type: "UserAssigned",
        userAssignedIdentities: [identityId],
      });
    } else {
      expect(account.encryption).toEqual({
        keySource: "Microsoft.Storage",
        requireInfrastructureEncryption: true,
        services,
      });
      expect(account.identity).toBeUndefined();
    }

    // ADLS Gen2 supports soft delete, not versioning, change feed or point-in-time restore.
    const blobService = inputsOf(recorder, "azure-native:storage:BlobServiceProperties");
    expect(blobService).toEqual({
      accountName: names.storageAccount,
      resourceGroupName: RG,
      blobServicesName: "default",
      deleteRetentionPolicy: { enabled: true, days: c.softDeleteDays, allowPermanentDelete: false },
      containerDeleteRetentionPolicy: { enabled: true, days: c.softDeleteDays },
    });

    expect(inputsOf(recorder, "azure-native:storage:BlobContainer")).toEqual({
      containerName: names.container,
      accountName: names.storageAccount,
      resourceGroupName: RG,
      publicAccess: "None",
    });

    // Data stores are retained on delete; gold ones are protected too.
    const dataStores = captured.filter((r) =>
      [
        SA,
        "azure-native:storage:BlobContainer",
        "azure-native:keyvault:Vault",
        "azure-native:keyvault:Key",
      ].includes(r.type),
    );
    expect(dataStores).toHaveLength(c.cmk ? 4 : 2);
    for (const store of dataStores) {
      expect(store, store.name).toMatchObject({ retainOnDelete: true, protect: c.protect });
    }

    expect(lake.storageUri).toBe(
      `abfss://${names.container}@${names.storageAccount}.dfs.core.windows.net/${context.spec.domain}/${context.spec.name}`,
    );
    expect(lake.metadataFolder).toBe(`${lake.storageUri}/metadata/`);
    expect(await valueOf(lake.metadataLocation)).toBe(mockMetadataLocation(lake.storageUri));
    expect(lake.skuName).toBe(c.sku);
    expect(await valueOf(lake.containerId)).toBe(idOf("lake-container"));
    expect(await valueOf(lake.accountId)).toBe(idOf("lake-account"));
    expect(lake.customerManagedKey === undefined).toBe(!c.cmk);
    const types = captured.map((r) => r.type).sort();
    expect(types).toEqual(
      [
        SA,
        "azure-native:storage:BlobServiceProperties",
        "azure-native:storage:BlobContainer",
        ...(c.cmk
          ? [
              "azure-native:keyvault:Vault",
              "azure-native:keyvault:Key",
              "azure-native:managedidentity:UserAssignedIdentity",
              "azure-native:authorization:RoleAssignment",
            ]
          : []),
        "azure-native:authorization:RoleAssignment",
        TABLE_METADATA_TYPE,
        "meshplane:azure:IcebergStorage",
        ...(c.cmk ? ["meshplane:azure:CustomerManagedKey"] : []),
      ].sort(),
    );
  });

  it("builds the customer-managed key: purge-protected RBAC vault, rotating key, key-scoped grant", async () => {
    const context = exampleContext("customer-360.yaml");
    const names = context.names.azure;
    const { parent, settle } = captureParent("p-cmk");
    new IcebergStorage("lake", { context, resourceGroupName: RG }, { parent });
    await settle();

    expect(inputsOf(recorder, "azure-native:keyvault:Vault")).toMatchObject({
      vaultName: names.keyVault,
      resourceGroupName: RG,
      location: "eastasia",
      properties: {
        tenantId: "11111111-1111-4111-8111-111111111111",
        sku: { family: "A", name: "standard" },
        enableRbacAuthorization: true,
        enableSoftDelete: true,
        softDeleteRetentionInDays: 90,
        enablePurgeProtection: true,
        networkAcls: { bypass: "AzureServices", defaultAction: "Deny" },
      },
      tags: context.labels,
    });
    expect(inputsOf(recorder, "azure-native:keyvault:Key")).toEqual({
      keyName: "storage",
      vaultName: names.keyVault,
      resourceGroupName: RG,
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
      tags: context.labels,
    });
    expect(inputsOf(recorder, "azure-native:managedidentity:UserAssignedIdentity")).toEqual({
      resourceName: names.storageIdentity,
      resourceGroupName: RG,
      location: "eastasia",
      tags: context.labels,
    });
    const grant = inputsOf(recorder, "azure-native:authorization:RoleAssignment", "cmk-key-access");
    expect(grant).toEqual({
      principalId: `${names.storageIdentity}-principal`,
      principalType: "ServicePrincipal",
      roleDefinitionId: roleId("e147488a-f6f5-4113-8e2d-b22465e65bf6"),
      scope: idOf("lake-cmk-key"),
    });
  });

  it("writes the table's Iceberg metadata into its container as the deployer, granted on the container only", async () => {
    const context = exampleContext("customer-360.yaml");
    const names = context.names.azure;
    const { parent, settle } = captureParent("p-table");
    const lake = new IcebergStorage("lake", { context, resourceGroupName: RG }, { parent });
    await settle();
    expect(
      inputsOf(recorder, "azure-native:authorization:RoleAssignment", "deployer-access"),
    ).toEqual({
      principalId: "deployer-object",
      principalType: "ServicePrincipal",
      roleDefinitionId: roleId("ba92f5b4-2d11-453d-a403-e96b0029c9fe"),
      scope: idOf("lake-container"),
    });
    const [table] = recorder.ofType(TABLE_METADATA_TYPE);
    expect(table?.name).toBe("lake-table");
    expect(table?.inputs).toMatchObject({
      accountName: names.storageAccount,
      containerName: names.container,
      tablePath: "customer/customer-360",
      location: lake.storageUri,
      table: icebergTableInput(context.spec.table, tableProperties(context)),
    });
    // The spec's partition spec and sort order go into the metadata the provider writes.
    expect(table?.inputs.table).toMatchObject({
      partitionSpec: context.spec.table.partitionSpec.map((field) => ({ column: field.column })),
    });
    expect(await valueOf(lake.metadataLocation)).toBe(mockMetadataLocation(lake.storageUri));
  });

  it("uses a key it is given instead of creating one", async () => {
    const context = exampleContext("country-codes.yaml");
    const { parent, settle } = captureParent("p-byok");
    new IcebergStorage(
      "lake",
      {
        context,
        resourceGroupName: RG,
        customerManagedKey: { keyVaultUri: "https://kv/", keyName: "k", identityId: "/uami" },
      },
      { parent },
    );
    await settle();
    const account = inputsOf(recorder, SA);
    expect(account).toMatchObject({
      identity: { type: "UserAssigned", userAssignedIdentities: ["/uami"] },
      encryption: {
        keySource: "Microsoft.Keyvault",
        keyVaultProperties: { keyName: "k", keyVaultUri: "https://kv/" },
      },
    });
    expect(recorder.ofType("azure-native:keyvault:Vault")).toHaveLength(0);
  });

  it("lets the allowed ranges and subnets through the firewall", async () => {
    const context = exampleContext("country-codes.yaml");
    const { parent, settle } = captureParent("p-allowed");
    new IcebergStorage(
      "lake",
      {
        context,
        resourceGroupName: RG,
        network: { allowedIpRanges: ["203.0.113.0/24"], allowedSubnetIds: ["/subnets/etl"] },
      },
      { parent },
    );
    await settle();
    expect(inputsOf(recorder, SA)).toMatchObject({
      networkRuleSet: {
        defaultAction: "Deny",
        bypass: "AzureServices, Logging, Metrics",
        ipRules: [{ iPAddressOrRange: "203.0.113.0/24", action: "Allow" }],
        virtualNetworkRules: [{ virtualNetworkResourceId: "/subnets/etl", action: "Allow" }],
      },
      publicNetworkAccess: "Enabled",
    });
    expect(recorder.ofType("azure-native:network:PrivateEndpoint")).toHaveLength(0);
  });

  it("adds dfs and blob private endpoints, registered in the given zones, and closes the public endpoint", async () => {
    const context = exampleContext("country-codes.yaml");
    const names = context.names.azure;
    const { parent, settle } = captureParent("p-private");
    new IcebergStorage(
      "lake",
      {
        context,
        resourceGroupName: RG,
        network: {
          privateEndpoint: {
            subnetId: "/subnets/pe",
            privateDnsZoneIds: { dfs: "/zones/dfs", blob: "/zones/blob" },
          },
        },
      },
      { parent },
    );
    await settle();
    expect(inputsOf(recorder, SA)).toMatchObject({ publicNetworkAccess: "Disabled" });
    for (const service of ["dfs", "blob"]) {
      expect(
        inputsOf(recorder, "azure-native:network:PrivateEndpoint", `-${service}-endpoint`),
      ).toMatchObject({
        privateEndpointName: `${names.storageAccount}-${service}`,
        resourceGroupName: RG,
        location: context.spec.target.region,
        subnet: { id: "/subnets/pe" },
        privateLinkServiceConnections: [
          {
            name: `${names.storageAccount}-${service}`,
            privateLinkServiceId: idOf("lake-account"),
            groupIds: [service],
          },
        ],
        tags: context.labels,
      });
      expect(
        inputsOf(recorder, "azure-native:network:PrivateDnsZoneGroup", `-${service}-dns`),
      ).toMatchObject({
        privateDnsZoneGroupName: "default",
        privateDnsZoneConfigs: [{ name: service, privateDnsZoneId: `/zones/${service}` }],
      });
    }
  });

  it("rejects a zone-redundant tier in a location without availability zones, naming the arg", () => {
    // The contract refuses such a spec's region; a location given explicitly is checked here.
    const context = exampleContext("customer-360.yaml");
    expect(
      () =>
        new IcebergStorage("lake-wcus", {
          context,
          resourceGroupName: RG,
          location: "westcentralus",
        }),
    ).toThrow(/IcebergStorage: args.location: gold keeps daily backups .* not in westcentralus/);
  });

  it("rejects a product that does not target Azure", () => {
    const context = variantContext("country-codes.yaml", (s) => {
      s.target = { cloud: "gcp", region: "europe-west1" };
    });
    expect(() => new IcebergStorage("lake-gcp", { context, resourceGroupName: RG })).toThrow(
      /args.context.spec.target.cloud must be azure, not gcp/,
    );
  });
});
