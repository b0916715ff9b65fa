/**
 * CustomerManagedKey: a Key Vault key that a product's storage accounts encrypt with, and the
 * user-assigned identity that may use it. Built for internal, confidential and restricted data
 * (planning/storage.ts `needsCustomerManagedKey`; controls MP-ENC-001, MP-KEY-001, MP-KEY-002).
 */
import * as authorization from "@pulumi/azure-native/authorization";
import * as keyvault from "@pulumi/azure-native/keyvault";
import * as managedidentity from "@pulumi/azure-native/managedidentity";
import type * as inputs from "@pulumi/azure-native/types/input";
import * as pulumi from "@pulumi/pulumi";
import { dataStoreOptions } from "../checks";
import type { ProductContext } from "../context";
import { grantBuiltInRole } from "./identity";
import type { CustomerManagedKeyRef } from "./planning/storage";

export interface CustomerManagedKeyArgs {
  context: ProductContext;
  resourceGroupName: pulumi.Input<string>;
  /** Defaults to the product's region (context.spec.target.region). */
  location?: string;
}

/** Key Vault soft-delete window: the maximum, since purge protection makes it binding. */
const KEY_VAULT_SOFT_DELETE_DAYS = 90;
const KEY_NAME = "storage";

/**
 * Rotate yearly; each version expires after two years, so a version the account no longer uses
 * cannot linger. Azure notifies 30 days before expiry.
 */
const KEY_ROTATION_POLICY: inputs.keyvault.RotationPolicyArgs = {
  attributes: { expiryTime: "P2Y" },
  lifetimeActions: [
    { trigger: { timeAfterCreate: "P1Y" }, action: { type: "rotate" } },
    { trigger: { timeBeforeExpiry: "P30D" }, action: { type: "notify" } },
  ],
};

export class CustomerManagedKey extends pulumi.ComponentResource {
  public readonly vaultId: pulumi.Output<string>;
  public readonly vaultUri: pulumi.Output<string>;
  public readonly keyId: pulumi.Output<string>;
  public readonly keyName: string;
  public readonly identityId: pulumi.Output<string>;
  public readonly identityPrincipalId: pulumi.Output<string>;
  /** Role assignment that lets the identity use the key; accounts must be created after it. */
  public readonly keyAccess: authorization.RoleAssignment;
  /** What a storage account's encryption settings need. */
  public readonly ref: CustomerManagedKeyRef;

  constructor(name: string, args: CustomerManagedKeyArgs, opts?: pulumi.ComponentResourceOptions) {
    super("meshplane:azure:CustomerManagedKey", name, {}, opts);
    const { context } = args;
    const location = args.location ?? context.spec.target.region;
    const names = context.names.azure;
    const tags = context.labels;
    const client = authorization.getClientConfigOutput({ parent: this });

    // Purge protection and RBAC authorization: a deleted key stays recoverable for 90 days and
    // nobody can shortcut that, and access is granted per key with Azure roles, not vault-wide
    // access policies. The firewall denies everything except trusted Azure services (the storage
    // accounts using the key); Resource Manager creates and rotates the key through the control
    // plane, which the firewall does not block.
    const vault = new keyvault.Vault(
      `${name}-vault`,
      {
        vaultName: names.keyVault,
        resourceGroupName: args.resourceGroupName,
        location,
        properties: {
          tenantId: client.tenantId,
          sku: { family: "A", name: "standard" },
          enableRbacAuthorization: true,
          enableSoftDelete: true,
          softDeleteRetentionInDays: KEY_VAULT_SOFT_DELETE_DAYS,
          enablePurgeProtection: true,
          publicNetworkAccess: "Enabled",
          networkAcls: { bypass: "AzureServices", defaultAction: "Deny" },
        },
        tags,
      },
      { parent: this, ...dataStoreOptions(context.policy) },
    );

    const key = new keyvault.Key(
      `${name}-key`,
      {
        keyName: KEY_NAME,
        vaultName: vault.name,
        resourceGroupName: args.resourceGroupName,
        properties: {
          kty: "RSA",
          keySize: 3072,
          keyOps: ["wrapKey", "unwrapKey"],
          rotationPolicy: KEY_ROTATION_POLICY,
        },
        tags,
      },
      { parent: this, ...dataStoreOptions(context.policy) },
    );

    const identity = new managedidentity.UserAssignedIdentity(
      `${name}-identity`,
      {
        resourceName: names.storageIdentity,
        resourceGroupName: args.resourceGroupName,
        location,
        tags,
      },
      { parent: this },
    );

    // Scoped to the key, not the vault: the identity can wrap and unwrap with this key only.
    this.keyAccess = grantBuiltInRole(
      `${name}-key-access`,
      {
        principalId: identity.principalId,
        role: "Key Vault Crypto Service Encryption User",
        scope: key.id,
      },
      this,
    );

    this.vaultId = vault.id;
    this.vaultUri = vault.properties.apply((p) => p.vaultUri);
    this.keyId = key.id;
    this.keyName = KEY_NAME;
    this.identityId = identity.id;
    this.identityPrincipalId = identity.principalId;
    this.ref = { keyVaultUri: this.vaultUri, keyName: KEY_NAME, identityId: identity.id };

    this.registerOutputs({
      vaultId: this.vaultId,
      vaultUri: this.vaultUri,
      keyId: this.keyId,
      keyName: this.keyName,
      identityId: this.identityId,
      identityPrincipalId: this.identityPrincipalId,
    });
  }
}
