/**
 * The mesh controls on Azure (see controls.ts). Each policy checks one control on the resources
 * the Azure components create; descriptions say exactly what is checked.
 *
 * Resource policies use `ofType` below rather than `@pulumi/policy`'s `validateResourceOfType`:
 * same typing, but a resource of another type is skipped silently instead of through
 * `args.notApplicable()`, which the analyzer supports and test/support/policy-runner.ts does not.
 */
import * as applicationinsights from "@pulumi/azure-native/applicationinsights";
import * as dataprotection from "@pulumi/azure-native/dataprotection";
import * as eventgrid from "@pulumi/azure-native/eventgrid";
import * as keyvault from "@pulumi/azure-native/keyvault";
import * as managedidentity from "@pulumi/azure-native/managedidentity";
import * as monitor from "@pulumi/azure-native/monitor";
import * as operationalinsights from "@pulumi/azure-native/operationalinsights";
import * as resources from "@pulumi/azure-native/resources";
import * as storage from "@pulumi/azure-native/storage";
import * as web from "@pulumi/azure-native/web";
import type { Policy, ReportViolation, ResourceValidation } from "@pulumi/policy";
import type * as pulumi from "@pulumi/pulumi";
import { CMK_CLASSIFICATIONS, usesCustomerManagedKey } from "#contract";
import { REQUIRED_LABELS } from "./controls";
import { ofType, resourcePolicy, resourcesOf, stackPolicy, type Props } from "./building-blocks";

/**
 * Storage accounts are joined to their blob service and management policy by account name. Plan
 * time props carry the `accountName` input; deployed state carries `name`. Both are accepted.
 */
function accountKey(props: { accountName?: string; name?: string }): string | undefined {
  return props.accountName ?? props.name;
}

/** Whether an account's side resource (blob service, lifecycle policy) configures `account`. */
function configures(
  side: { accountName?: string; resourceGroupName?: string },
  account: { accountName?: string; name?: string; resourceGroupName?: string },
): boolean {
  return (
    side.accountName === accountKey(account) && side.resourceGroupName === account.resourceGroupName
  );
}

const ENCRYPTION = resourcePolicy(
  "azure",
  "MP-ENC-001",
  "every storage account (azure-native:storage:StorageAccount) sets encryption with a key source " +
    "(Microsoft.Storage or Microsoft.Keyvault), keeps blob encryption enabled and sets " +
    "requireInfrastructureEncryption: true (a second AES-256 layer; the first is always on).",
  ofType(storage.StorageAccount, (account, _args, report) => {
    const encryption = account.encryption;
    if (encryption === undefined) {
      report("the storage account sets no encryption settings");
      return;
    }
    if (
      encryption.keySource !== "Microsoft.Storage" &&
      encryption.keySource !== "Microsoft.Keyvault"
    ) {
      report("encryption.keySource must be Microsoft.Storage or Microsoft.Keyvault");
    }
    if (encryption.requireInfrastructureEncryption !== true) {
      report("encryption.requireInfrastructureEncryption must be true");
    }
    if (encryption.services?.blob?.enabled === false) {
      report("encryption.services.blob.enabled must not be false");
    }
  }),
);

const NETWORK = resourcePolicy(
  "azure",
  "MP-NET-001",
  "storage accounts set allowBlobPublicAccess: false, and blob containers " +
    "(azure-native:storage:BlobContainer) set publicAccess: None, so no blob can be read anonymously.",
  [
    ofType(storage.StorageAccount, (account, _args, report) => {
      if (account.allowBlobPublicAccess !== false) {
        report("allowBlobPublicAccess must be false");
      }
    }),
    ofType(storage.BlobContainer, (container, _args, report) => {
      if (container.publicAccess !== "None") {
        report(`publicAccess must be None, not ${container.publicAccess ?? "unset"}`);
      }
    }),
  ],
);

const TLS_VERSIONS = ["TLS1_2", "TLS1_3"];
const SITE_TLS_VERSIONS = ["1.2", "1.3"];

const TLS = resourcePolicy(
  "azure",
  "MP-TLS-001",
  "storage accounts set minimumTlsVersion TLS1_2 (or TLS1_3) and enableHttpsTrafficOnly: true; " +
    "web and function apps (azure-native:web:WebApp) set httpsOnly: true and siteConfig.minTlsVersion 1.2 or 1.3.",
  [
    ofType(storage.StorageAccount, (account, _args, report) => {
      if (!TLS_VERSIONS.includes(account.minimumTlsVersion ?? "")) {
        report(
          `minimumTlsVersion must be TLS1_2 or TLS1_3, not ${account.minimumTlsVersion ?? "unset"}`,
        );
      }
      if (account.enableHttpsTrafficOnly !== true) {
        report("enableHttpsTrafficOnly must be true");
      }
    }),
    ofType(web.WebApp, (app, _args, report) => {
      if (app.httpsOnly !== true) report("httpsOnly must be true");
      if (!SITE_TLS_VERSIONS.includes(app.siteConfig?.minTlsVersion ?? "")) {
        report("siteConfig.minTlsVersion must be 1.2 or 1.3");
      }
    }),
  ],
);

/** Days a soft-deleted blob or container stays restorable, at least (bronze's window). */
const MIN_SOFT_DELETE_DAYS = 7;

const VERSIONING = stackPolicy(
  "azure",
  "MP-VER-001",
  "every storage account has a blob service (azure-native:storage:BlobServiceProperties) with blob " +
    `soft delete and container soft delete enabled for at least ${MIN_SOFT_DELETE_DAYS} days. ` +
    "Flat-namespace accounts must also enable blob versioning. Hierarchical-namespace (ADLS Gen2) " +
    "accounts must not enable it: Azure does not support blob versioning (nor change feed or " +
    "point-in-time restore) with a hierarchical namespace, so soft delete is the recoverability " +
    "they get, and a versioning setting would fail the deployment.",
  (args, report) => {
    const services = resourcesOf(args.resources, storage.BlobServiceProperties);
    for (const { resource, props: account } of resourcesOf(
      args.resources,
      storage.StorageAccount,
    )) {
      const key = accountKey(account);
      const service = services.find((s) => configures(s.props, account))?.props;
      const where = `storage account ${key ?? resource.name}`;
      if (service === undefined) {
        report(`${where} has no blob service settings (soft delete is off)`, resource.urn);
        continue;
      }
      const blobDays =
        service.deleteRetentionPolicy?.enabled === true
          ? (service.deleteRetentionPolicy.days ?? 0)
          : 0;
      const containerDays =
        service.containerDeleteRetentionPolicy?.enabled === true
          ? (service.containerDeleteRetentionPolicy.days ?? 0)
          : 0;
      if (blobDays < MIN_SOFT_DELETE_DAYS) {
        report(
          `${where}: blob soft delete must be on for at least ${MIN_SOFT_DELETE_DAYS} days`,
          resource.urn,
        );
      }
      if (containerDays < MIN_SOFT_DELETE_DAYS) {
        report(
          `${where}: container soft delete must be on for at least ${MIN_SOFT_DELETE_DAYS} days`,
          resource.urn,
        );
      }
      if (account.isHnsEnabled === true && service.isVersioningEnabled === true) {
        report(
          `${where} has a hierarchical namespace, where Azure does not support blob versioning`,
          resource.urn,
        );
      }
      if (account.isHnsEnabled !== true && service.isVersioningEnabled !== true) {
        report(`${where} has a flat namespace: blob versioning must be on`, resource.urn);
      }
    }
  },
);

type ManagementPolicyActions = NonNullable<
  Props<storage.ManagementPolicyArgs>["policy"]["rules"][number]["definition"]["actions"]
>;

/** Every day count of a delete action; a delete with none deletes from day 0. */
function deleteDays(actions: ManagementPolicyActions): { action: string; days: number[] }[] {
  const found: { action: string; days: number[] }[] = [];
  const base = actions.baseBlob?.delete;
  if (base !== undefined) {
    found.push({
      action: "baseBlob.delete",
      days: [
        base.daysAfterModificationGreaterThan,
        base.daysAfterCreationGreaterThan,
        base.daysAfterLastAccessTimeGreaterThan,
        base.daysAfterLastTierChangeGreaterThan,
      ].filter((d): d is number => d !== undefined),
    });
  }
  const snapshot = actions.snapshot?.delete;
  if (snapshot !== undefined) {
    found.push({ action: "snapshot.delete", days: [snapshot.daysAfterCreationGreaterThan] });
  }
  return found;
}

const LIFECYCLE = stackPolicy(
  "azure",
  "MP-LIF-001",
  "for every lifecycle policy (azure-native:storage:ManagementPolicy), each delete action on base " +
    "blobs or snapshots waits at least the retention-days tag of the storage account it belongs to " +
    "(joined by account name and resource group); the account must be in the stack and carry the " +
    "tag. Deleting previous versions (noncurrent data) is not expiry and is not checked.",
  (args, report) => {
    const accounts = resourcesOf(args.resources, storage.StorageAccount);
    for (const { resource, props: policy } of resourcesOf(
      args.resources,
      storage.ManagementPolicy,
    )) {
      const account = accounts.find((a) => configures(policy, a.props))?.props;
      if (account === undefined) {
        report(
          `lifecycle policy of ${policy.accountName}: its storage account is not in this stack`,
          resource.urn,
        );
        continue;
      }
      const retention = Number(account.tags?.["retention-days"]);
      if (!Number.isInteger(retention) || retention < 1) {
        report(
          `storage account ${policy.accountName} has no valid retention-days tag`,
          resource.urn,
        );
        continue;
      }
      for (const rule of policy.policy.rules) {
        for (const { action, days } of deleteDays(rule.definition.actions)) {
          const earliest = days.length === 0 ? 0 : Math.min(...days);
          if (earliest < retention) {
            report(
              `rule ${rule.name}: ${action} after ${earliest} days comes before the ${retention}-day retention of ${policy.accountName}`,
              resource.urn,
            );
          }
        }
      }
    }
  },
);

const GEO_SKUS = ["Standard_GRS", "Standard_RAGRS", "Standard_GZRS", "Standard_RAGZRS"];

const GEO = resourcePolicy(
  "azure",
  "MP-GEO-001",
  "a storage account tagged tier: gold uses a geo-redundant SKU (Standard_GRS, Standard_RAGRS, " +
    "Standard_GZRS or Standard_RAGZRS), and a Backup vault (azure-native:dataprotection:BackupVault) " +
    "tagged tier: gold stores its recovery points GeoRedundant.",
  [
    ofType(storage.StorageAccount, (account, _args, report) => {
      if (account.tags?.tier !== "gold") return;
      if (!GEO_SKUS.includes(account.sku.name)) {
        report(`a gold storage account needs a geo-redundant SKU, not ${account.sku.name}`);
      }
    }),
    ofType(dataprotection.BackupVault, (vault, _args, report) => {
      if (vault.tags?.tier !== "gold") return;
      const settings = vault.properties.storageSettings;
      if (settings.length === 0 || settings.some((s) => s.type !== "GeoRedundant")) {
        report("a gold Backup vault must store its recovery points GeoRedundant");
      }
    }),
  ],
);

const CUSTOMER_KEY = resourcePolicy(
  "azure",
  "MP-KEY-001",
  `a storage account tagged classification ${CMK_CLASSIFICATIONS.join(", ")} sets encryption.keySource Microsoft.Keyvault ` +
    "with a key name, a key vault URI and a user-assigned identity to reach the key.",
  ofType(storage.StorageAccount, (account, _args, report) => {
    const classification = account.tags?.classification ?? "";
    if (!usesCustomerManagedKey(classification)) return;
    const encryption = account.encryption;
    if (encryption?.keySource !== "Microsoft.Keyvault") {
      report(
        `${classification} data must be encrypted with a customer-managed key (keySource Microsoft.Keyvault)`,
      );
      return;
    }
    if (
      encryption.keyVaultProperties?.keyName === undefined ||
      encryption.keyVaultProperties.keyVaultUri === undefined
    ) {
      report("encryption.keyVaultProperties must name the key and its vault");
    }
    if (encryption.encryptionIdentity?.encryptionUserAssignedIdentity === undefined) {
      report("encryption.encryptionIdentity must name the identity that reads the key");
    }
  }),
);

/** Every taggable resource type the Azure components create. */
const TAGGABLE = [
  resources.ResourceGroup,
  resources.Deployment,
  storage.StorageAccount,
  keyvault.Vault,
  keyvault.Key,
  managedidentity.UserAssignedIdentity,
  dataprotection.BackupVault,
  dataprotection.BackupInstance,
  operationalinsights.Workspace,
  applicationinsights.Component,
  web.AppServicePlan,
  web.WebApp,
  eventgrid.SystemTopic,
  monitor.ActionGroup,
  monitor.ScheduledQueryRule,
] as const;

function checkLabels(tags: unknown, report: ReportViolation): void {
  const label = (key: string): unknown =>
    typeof tags === "object" && tags !== null ? (tags as Record<string, unknown>)[key] : undefined;
  const missing = REQUIRED_LABELS.filter((key) => {
    const value = label(key);
    return typeof value !== "string" || value === "";
  });
  if (missing.length > 0) report(`missing mesh labels: ${missing.join(", ")}`);
}

/** Checks the labels of one taggable class; its args differ per class, but all have `tags`. */
function labelled(resourceClass: (typeof TAGGABLE)[number]): ResourceValidation {
  return (args, report) => {
    if (args.isType<pulumi.Resource>(resourceClass)) checkLabels(args.props.tags, report);
  };
}

const LABELS = resourcePolicy(
  "azure",
  "MP-LBL-001",
  `every taggable resource the Azure components create (${TAGGABLE.map((c) => c.name).join(", ")}) ` +
    `carries non-empty mesh labels ${REQUIRED_LABELS.join(", ")} in its tags.`,
  TAGGABLE.map(labelled),
);

const FUNCTION_CONCURRENCY = resourcePolicy(
  "azure",
  "MP-FN-001",
  "a function app (azure-native:web:WebApp whose kind contains functionapp) sets " +
    "functionAppConfig.scaleAndConcurrency.maximumInstanceCount to a whole number of at least 1.",
  ofType(web.WebApp, (app, _args, report) => {
    if (!(app.kind ?? "").includes("functionapp")) return;
    const max = app.functionAppConfig?.scaleAndConcurrency?.maximumInstanceCount;
    if (max === undefined || !Number.isInteger(max) || max < 1) {
      report(
        "functionAppConfig.scaleAndConcurrency.maximumInstanceCount must be set (a whole number >= 1)",
      );
    }
  }),
);

export const azurePolicies: Policy[] = [
  ENCRYPTION,
  NETWORK,
  TLS,
  VERSIONING,
  LIFECYCLE,
  GEO,
  CUSTOMER_KEY,
  LABELS,
  FUNCTION_CONCURRENCY,
];
