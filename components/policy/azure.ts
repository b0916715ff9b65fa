/**
 * The mesh controls on Azure (see controls.ts). Each policy checks one control on the resources
 * the Azure components create; descriptions say exactly what is checked.
 *
 * Resource policies use `ofType` below rather than `@pulumi/policy`'s `validateResourceOfType`:
 * same typing, but a resource of another type is skipped silently instead of through
 * `args.notApplicable()`, which the analyzer supports and test/support/policy-runner.ts does not.
 */
import * as applicationinsights from "@pulumi/azure-native/applicationinsights";
import * as authorization from "@pulumi/azure-native/authorization";
import * as dataprotection from "@pulumi/azure-native/dataprotection";
import * as eventgrid from "@pulumi/azure-native/eventgrid";
import * as keyvault from "@pulumi/azure-native/keyvault";
import * as managedidentity from "@pulumi/azure-native/managedidentity";
import * as monitor from "@pulumi/azure-native/monitor";
import * as network from "@pulumi/azure-native/network";
import * as operationalinsights from "@pulumi/azure-native/operationalinsights";
import * as resources from "@pulumi/azure-native/resources";
import * as storage from "@pulumi/azure-native/storage";
import * as web from "@pulumi/azure-native/web";
import type { Policy, PolicyResource, ReportViolation, ResourceValidation } from "@pulumi/policy";
import type * as pulumi from "@pulumi/pulumi";
import {
  CMK_CLASSIFICATIONS,
  STORAGE_CLASSES,
  parseApprovalSummary,
  restrictedRecordProblems,
  usesCustomerManagedKey,
} from "#contract";
import { GRANT_DESCRIPTION_PREFIX } from "../azure/planning/access";
import { BUILT_IN_ROLES } from "../azure/planning/roles";
import { azureFunctionPolicies } from "./azure-functions";
import { REQUIRED_LABELS } from "./controls";
import { dataPrefixProblem, transitionProblems, type Transition } from "./lifecycle";
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

const DAYS_PER_YEAR = 365;

/**
 * Days of an ISO 8601 duration of one unit (P30D, P4W, P12M, P1Y; months as 30 days, years as
 * 365), or undefined when it is not one: what Azure's policies and vault settings write.
 */
export function isoDurationDays(duration: string | undefined): number | undefined {
  const match = duration === undefined ? null : /^P(\d+)([DWMY])$/.exec(duration);
  if (match?.[1] === undefined || match[2] === undefined) return undefined;
  const unit = { D: 1, W: 7, M: 30, Y: DAYS_PER_YEAR }[match[2] as "D" | "W" | "M" | "Y"];
  return Number(match[1]) * unit;
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

/** Services the storage firewall must keep letting through: Azure's trusted services. */
const TRUSTED_SERVICES_BYPASS = "AzureServices";

const NETWORK = resourcePolicy(
  "azure",
  "MP-NET-001",
  "storage accounts set allowBlobPublicAccess: false and a firewall that denies by default " +
    "(networkRuleSet.defaultAction: Deny) while letting trusted Azure services through (bypass " +
    "includes AzureServices), and blob containers (azure-native:storage:BlobContainer) set " +
    "publicAccess: None, so no blob can be read anonymously or from an unlisted network.",
  [
    ofType(storage.StorageAccount, (account, _args, report) => {
      if (account.allowBlobPublicAccess !== false) {
        report("allowBlobPublicAccess must be false");
      }
      const rules = account.networkRuleSet;
      if (rules?.defaultAction !== "Deny") {
        report(
          `networkRuleSet.defaultAction must be Deny (a default-deny firewall), not ${rules?.defaultAction ?? "unset"}`,
        );
      }
      const bypass = (rules?.bypass ?? "").split(",").map((entry) => entry.trim());
      if (rules !== undefined && !bypass.includes(TRUSTED_SERVICES_BYPASS)) {
        report(
          "networkRuleSet.bypass must include AzureServices (trusted services: backup, events)",
        );
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
  `a storage account tagged classification ${CMK_CLASSIFICATIONS.join(", ")} sets encryption.keySource` +
    " Microsoft.Keyvault with a key name, a key vault URI " +
    "and a user-assigned identity to reach the key; Key Vault keys (azure-native:keyvault:Key) " +
    "rotate at least yearly (rotationPolicy lifetimeActions rotate after at most P1Y).",
  [
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
    ofType(keyvault.Key, (key, _args, report) => {
      const rotate = (key.properties.rotationPolicy?.lifetimeActions ?? []).find(
        (action) => action.action?.type?.toLowerCase() === "rotate",
      );
      const after = isoDurationDays(rotate?.trigger?.timeAfterCreate);
      if (after === undefined || after > DAYS_PER_YEAR) {
        report("the key must rotate at least yearly (a rotate action at timeAfterCreate <= P1Y)");
      }
    }),
  ],
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
  monitor.MetricAlert,
  network.VirtualNetwork,
  network.PrivateEndpoint,
  resources.Resource,
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

/** Soft delete and purge protection keep a deleted key 90 days, the most Key Vault allows. */
const MIN_KEY_SOFT_DELETE_DAYS = 90;

const KEY_PROTECTION = resourcePolicy(
  "azure",
  "MP-KEY-002",
  "Key Vaults (azure-native:keyvault:Vault) keep deleted keys recoverable and unpurgeable: " +
    `enableSoftDelete: true, softDeleteRetentionInDays >= ${MIN_KEY_SOFT_DELETE_DAYS}, ` +
    "enablePurgeProtection: true; access through RBAC (enableRbacAuthorization: true) and a " +
    "default-deny firewall (networkAcls.defaultAction: Deny); keys set an expiry in their " +
    "rotation policy, so a version no longer used cannot linger.",
  [
    ofType(keyvault.Vault, (vault, _args, report) => {
      // A vault in the state of another tool may come without properties: check what is there.
      const p = vault.properties as Partial<typeof vault.properties> | undefined;
      if (p?.enableSoftDelete === false) report("enableSoftDelete must not be false");
      if ((p?.softDeleteRetentionInDays ?? 90) < MIN_KEY_SOFT_DELETE_DAYS) {
        report(
          `softDeleteRetentionInDays must be at least ${MIN_KEY_SOFT_DELETE_DAYS}, not ${p?.softDeleteRetentionInDays ?? "unset"}`,
        );
      }
      if (p?.enablePurgeProtection !== true) {
        report("enablePurgeProtection must be true: a deleted key must not be purgeable");
      }
      if (p?.enableRbacAuthorization !== true) {
        report(
          "enableRbacAuthorization must be true (per-key role assignments, no access policies)",
        );
      }
      if (p?.networkAcls?.defaultAction !== "Deny") {
        report("networkAcls.defaultAction must be Deny");
      }
    }),
    ofType(keyvault.Key, (key, _args, report) => {
      if (isoDurationDays(key.properties.rotationPolicy?.attributes?.expiryTime) === undefined) {
        report("the key's rotationPolicy.attributes.expiryTime must be set (e.g. P2Y)");
      }
    }),
  ],
);

type BaseBlobActions = NonNullable<ManagementPolicyActions["baseBlob"]>;

/** The earliest day of an action on base blobs (any of its day conditions), or undefined. */
function actionDay(action: BaseBlobActions["tierToCool"]): number | undefined {
  if (action === undefined) return undefined;
  const days = [
    action.daysAfterModificationGreaterThan,
    action.daysAfterCreationGreaterThan,
    action.daysAfterLastAccessTimeGreaterThan,
    action.daysAfterLastTierChangeGreaterThan,
  ].filter((d): d is number => d !== undefined);
  return days.length === 0 ? 0 : Math.min(...days);
}

/** The base-blob tier actions of a rule, as the transitions the shared MP-LIF-002 checks read. */
function tierTransitions(base: BaseBlobActions): Transition[] {
  const steps: [string, BaseBlobActions["tierToCool"]][] = [
    ["Cool", base.tierToCool],
    ["Cold", base.tierToCold],
    ["Archive", base.tierToArchive],
  ];
  return steps.flatMap(([storageClass, action]) => {
    const day = actionDay(action);
    return day === undefined ? [] : [{ storageClass, day }];
  });
}

/** Why one lifecycle rule breaks MP-LIF-002; one message per problem. */
function lifecycleRuleProblems(
  rule: Props<storage.ManagementPolicyArgs>["policy"]["rules"][number],
): string[] {
  const actions = rule.definition.actions;
  const problems: string[] = [];
  if (actions.snapshot !== undefined) {
    problems.push("acts on snapshots, which nothing in the platform takes");
  }
  const base = actions.baseBlob;
  if (base === undefined) return problems;
  const prefixes = rule.definition.filters?.prefixMatch ?? [];
  const scopes = prefixes.length === 0 ? [undefined] : prefixes;
  for (const problem of new Set(scopes.map((prefix) => dataPrefixProblem(prefix, "account")))) {
    if (problem !== undefined) problems.push(problem);
  }
  problems.push(
    ...transitionProblems("azure", tierTransitions(base), actionDay(base.delete), {
      offlineAllowed: false,
    }),
  );
  return problems;
}

const { Cool, Cold } = STORAGE_CLASSES.azure;

const LIFECYCLE_SCOPE = resourcePolicy(
  "azure",
  "MP-LIF-002",
  "every lifecycle rule (azure-native:storage:ManagementPolicy) that tiers or deletes base blobs " +
    "is scoped to data files (every prefixMatch ends in /data/, so Iceberg metadata never moves " +
    "or expires), uses the online tiers only (tierToCool, tierToCold; never the offline " +
    `tierToArchive), keeps blobs in Cool at least ${Cool.minDays} days and in ` +
    `Cold at least ${Cold.minDays} days before the next step (contract/storage-classes.ts), and has no ` +
    "snapshot actions.",
  ofType(storage.ManagementPolicy, (policy, _args, report) => {
    for (const rule of policy.policy.rules) {
      for (const problem of lifecycleRuleProblems(rule)) report(`rule ${rule.name} ${problem}`);
    }
  }),
);

/** Whether a storage account is a product's data lake (ADLS Gen2), not function runtime storage. */
function isDataLake(account: Props<storage.StorageAccountArgs>): boolean {
  return account.isHnsEnabled === true;
}

/** A backup instance's target account name, from the generic or the typed resource. */
function backedUpAccounts(all: readonly PolicyResource[]): Set<string> {
  const names = new Set<string>();
  const add = (properties: unknown): void => {
    const name = (properties as { dataSourceInfo?: { resourceName?: unknown } } | undefined)
      ?.dataSourceInfo?.resourceName;
    if (typeof name === "string") names.add(name);
  };
  for (const { props } of resourcesOf(all, resources.Resource)) {
    if (props.resourceType === "backupInstances") add(props.properties);
  }
  for (const { props } of resourcesOf(all, dataprotection.BackupInstance)) add(props.properties);
  return names;
}

/** Azure's floor for the default retention of vault-store recovery points. */
const MIN_VAULT_RETENTION_DAYS = 7;
/** What a gold backup keeps at least: the 30-day soft-delete window, or the whole retention. */
const GOLD_BACKUP_DAYS = 30;

function backupPolicyProblems(
  policy: Props<dataprotection.BackupPolicyArgs>,
  need: number,
): string[] {
  const rules = policy.properties?.policyRules ?? [];
  const schedules = rules.flatMap((rule) =>
    rule.objectType === "AzureBackupRule" &&
    rule.trigger.objectType === "ScheduleBasedTriggerContext"
      ? rule.trigger.schedule.repeatingTimeIntervals
      : [],
  );
  const problems: string[] = [];
  if (schedules.length === 0 || schedules.some((interval) => !interval.endsWith("/P1D"))) {
    problems.push(
      `must back up daily (schedule R/<start>/P1D), not ${schedules.join(", ") || "never"}`,
    );
  }
  const defaultRule = rules.find(
    (rule) => rule.objectType === "AzureRetentionRule" && rule.isDefault === true,
  );
  const kept =
    defaultRule?.objectType === "AzureRetentionRule"
      ? isoDurationDays(defaultRule.lifecycles[0]?.deleteAfter.duration)
      : undefined;
  if (kept === undefined || kept < need) {
    problems.push(`must keep daily recovery points at least ${need} days, not ${kept ?? "unset"}`);
  }
  return problems;
}

const BACKUP_SCHEDULE = stackPolicy(
  "azure",
  "MP-BAK-001",
  "every gold data lake (azure-native:storage:StorageAccount with isHnsEnabled, tagged tier: " +
    "gold) has a backup instance naming it (a generic backupInstances resource or a " +
    "dataprotection BackupInstance), and every Backup policy (azure-native:dataprotection:" +
    `BackupPolicy) backs up daily and keeps the daily recovery points at least ${GOLD_BACKUP_DAYS} ` +
    "days (or the whole retention-days of a shorter-lived product, never under Azure's 7).",
  (args, report) => {
    const gold = resourcesOf(args.resources, storage.StorageAccount).filter(
      ({ props }) => isDataLake(props) && props.tags?.tier === "gold",
    );
    if (gold.length === 0) return;
    const backedUp = backedUpAccounts(args.resources);
    let need = GOLD_BACKUP_DAYS;
    for (const { resource, props } of gold) {
      const name = accountKey(props);
      if (name !== undefined && !backedUp.has(name)) {
        report(`gold data lake ${name} has no backup instance`, resource.urn);
      }
      const retention = Number(props.tags?.["retention-days"]);
      if (Number.isInteger(retention))
        need = Math.min(need, Math.max(MIN_VAULT_RETENTION_DAYS, retention));
    }
    const policies = resourcesOf(args.resources, dataprotection.BackupPolicy);
    if (policies.length === 0) report("a gold product needs a Backup policy; there is none");
    for (const { resource, props } of policies) {
      for (const problem of backupPolicyProblems(props, need)) {
        report(`Backup policy ${props.backupPolicyName ?? resource.name} ${problem}`, resource.urn);
      }
    }
  },
);

/** Days a deleted recovery point stays restorable in the vault, at least (Azure's own minimum). */
const MIN_VAULT_SOFT_DELETE_DAYS = 14;

const IMMUTABLE_BACKUPS = resourcePolicy(
  "azure",
  "MP-BAK-002",
  "a Backup vault tagged tier: gold is locked immutable (securitySettings.immutabilitySettings." +
    "state: Locked, irreversible: no recovery point can be deleted before it expires) and keeps " +
    `deleted recovery points at least ${MIN_VAULT_SOFT_DELETE_DAYS} days (softDeleteSettings.` +
    "state On or AlwaysOn).",
  ofType(dataprotection.BackupVault, (vault, _args, report) => {
    if (vault.tags?.tier !== "gold") return;
    const security = vault.properties.securitySettings;
    if (security?.immutabilitySettings?.state !== "Locked") {
      report(
        `a gold Backup vault must be locked immutable, not ${security?.immutabilitySettings?.state ?? "unset"}`,
      );
    }
    const softDelete = security?.softDeleteSettings;
    if (
      !["On", "AlwaysOn"].includes(softDelete?.state ?? "") ||
      (softDelete?.retentionDurationInDays ?? 0) < MIN_VAULT_SOFT_DELETE_DAYS
    ) {
      report(`soft delete must be on for at least ${MIN_VAULT_SOFT_DELETE_DAYS} days`);
    }
  }),
);

/** Blob-service log categories that together record every data access. */
const ACCESS_LOG_CATEGORIES = ["StorageRead", "StorageWrite", "StorageDelete"];

/** What a blob-service diagnostic setting fails to log or send, one message per problem. */
function accessLogProblems(setting: Props<monitor.DiagnosticSettingArgs>): string[] {
  const enabled = new Set(
    (setting.logs ?? []).filter((log) => log.enabled).map((log) => log.category),
  );
  const missing = ACCESS_LOG_CATEGORIES.filter((category) => !enabled.has(category));
  return [
    ...(missing.length > 0 ? [`does not log ${missing.join(", ")}`] : []),
    ...(setting.workspaceId === undefined && setting.storageAccountId === undefined
      ? ["sends its logs nowhere (no workspaceId or storageAccountId)"]
      : []),
  ];
}

/**
 * A setting's resourceUri is `<account id>/blobServices/default`: an id the account computes, so
 * settings are matched to data lakes by count, not by name (unknown ids in a preview, mock ids in
 * tests).
 */
const ACCESS_LOGS = stackPolicy(
  "azure",
  "MP-LOG-001",
  "every data lake (storage account with isHnsEnabled) gets a diagnostic setting (azure-native:" +
    "monitor:DiagnosticSetting) on a blob service (resourceUri ending /blobServices/default): as " +
    "many such settings as data lakes, each sending " +
    `${ACCESS_LOG_CATEGORIES.join(", ")} to a Log Analytics workspace or a storage account.`,
  (args, report) => {
    const blobSettings = resourcesOf(args.resources, monitor.DiagnosticSetting).filter(
      ({ props }) => {
        // An account id is unknown in a preview: such a setting may be a blob service's.
        const uri: unknown = props.resourceUri;
        return typeof uri !== "string" || uri.endsWith("/blobServices/default");
      },
    );
    for (const { resource, props } of blobSettings) {
      for (const problem of accessLogProblems(props)) {
        report(`diagnostic setting ${props.name ?? resource.name} ${problem}`, resource.urn);
      }
    }
    const lakes = resourcesOf(args.resources, storage.StorageAccount).filter(({ props }) =>
      isDataLake(props),
    );
    if (blobSettings.length < lakes.length) {
      report(
        `${lakes.length} data lake(s) but ${blobSettings.length} blob-service diagnostic setting(s): data access of ${lakes
          .map(({ props, resource }) => accountKey(props) ?? resource.name)
          .join(", ")} is not all logged`,
      );
    }
  },
);

/** Built-in roles that grant everything, or the right to grant everything: never assigned. */
const FORBIDDEN_ROLES: Readonly<Record<string, string>> = {
  "8e3af657-a8ff-443c-a75c-2fe8c4bcb635": "Owner",
  "b24988ac-6180-42a0-ab88-20f7382dd24c": "Contributor",
  "18d7d88d-d35e-4fb5-a5c3-7773c20a72d9": "User Access Administrator",
};

/** Data roles that reach blobs: granted on one container, never a whole account or more. */
const CONTAINER_SCOPED_ROLES: Readonly<Record<string, string>> = {
  [BUILT_IN_ROLES["Storage Blob Data Reader"]]: "Storage Blob Data Reader",
  [BUILT_IN_ROLES["Storage Blob Data Contributor"]]: "Storage Blob Data Contributor",
};

/** A whole storage account (or its blob service): broader than one container. */
const ACCOUNT_WIDE =
  /\/providers\/Microsoft\.Storage\/storageAccounts\/[^/]+(\/blobServices\/default)?\/?$/i;

/** Why a role assignment's scope is too broad, or undefined when it names one resource. */
export function roleScopeProblem(roleGuid: string, scope: string): string | undefined {
  const forbidden = FORBIDDEN_ROLES[roleGuid];
  if (forbidden !== undefined)
    return `${forbidden} is never assigned; grant a narrow built-in role`;
  if (/^\/subscriptions\/[^/]+(\/resourceGroups\/[^/]+)?\/?$/i.test(scope)) {
    return `scope ${scope} is a subscription or resource group; grant on the one resource needed`;
  }
  const dataRole = CONTAINER_SCOPED_ROLES[roleGuid];
  if (dataRole !== undefined && ACCOUNT_WIDE.test(scope)) {
    return `${dataRole} must be scoped to one container, not the whole account ${scope}`;
  }
  return undefined;
}

const ROLE_SCOPES = resourcePolicy(
  "azure",
  "MP-IAM-001",
  "role assignments (azure-native:authorization:RoleAssignment) name one resource: never a " +
    "subscription or resource group scope, never Owner, Contributor or User Access " +
    "Administrator, and blob data roles (Storage Blob Data Reader, Contributor) on one container.",
  ofType(authorization.RoleAssignment, (assignment, _args, report) => {
    // Ids another resource computes are unknown in a preview: nothing to check yet.
    if (typeof assignment.scope !== "string" || typeof assignment.roleDefinitionId !== "string") {
      return;
    }
    const guid = assignment.roleDefinitionId.split("/").pop() ?? "";
    const problem = roleScopeProblem(guid, assignment.scope);
    if (problem !== undefined) report(problem);
  }),
);

const IDENTITY_ACCESS = resourcePolicy(
  "azure",
  "MP-IAM-002",
  "storage accounts accept Microsoft Entra identities only: allowSharedKeyAccess: false (no " +
    "account keys or key-signed SAS), defaultToOAuthAuthentication: true, isLocalUserEnabled: " +
    "false and isSftpEnabled not true (no local users).",
  ofType(storage.StorageAccount, (account, _args, report) => {
    if (account.allowSharedKeyAccess !== false) report("allowSharedKeyAccess must be false");
    if (account.defaultToOAuthAuthentication !== true) {
      report("defaultToOAuthAuthentication must be true");
    }
    if (account.isLocalUserEnabled !== false) report("isLocalUserEnabled must be false");
    if (account.isSftpEnabled === true) report("isSftpEnabled must not be true");
  }),
);

/** Role assignments of access grants: the ones whose description is a grant's record. */
function grantAssignments(all: readonly PolicyResource[]) {
  return resourcesOf(all, authorization.RoleAssignment).filter(
    ({ props }) =>
      typeof props.description === "string" &&
      props.description.startsWith(GRANT_DESCRIPTION_PREFIX),
  );
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const GRANT_PRINCIPALS = stackPolicy(
  "azure",
  "MP-ACC-001",
  "role assignments of access grants (description `meshplane grant …`) name one Entra object: " +
    "principalId a GUID, principalType ServicePrincipal or Group, scope one blob container.",
  (args, report) => {
    for (const { resource, props } of grantAssignments(args.resources)) {
      const principal = props.principalId;
      if (typeof principal === "string" && !GUID.test(principal)) {
        report(`grant principal ${principal} is not one Entra object id`, resource.urn);
      }
      if (props.principalType !== "ServicePrincipal" && props.principalType !== "Group") {
        report(
          `grant principalType ${String(props.principalType)} must be ServicePrincipal or Group`,
          resource.urn,
        );
      }
      if (
        typeof props.scope === "string" &&
        !/\/blobServices\/default\/containers\/[^/]+$/.test(props.scope)
      ) {
        report(`grant scope ${props.scope} must be one blob container`, resource.urn);
      }
    }
  },
);

const RESTRICTED_GRANTS = stackPolicy(
  "azure",
  "MP-ACC-002",
  "in a stack whose storage account is tagged restricted, every access-grant role assignment has " +
    "an @Environment[UtcNow] DateTimeLessThan condition and a description recording an owner's " +
    "and a different platform admin's approvals and the end date.",
  (args, report) => {
    const restricted = resourcesOf(args.resources, storage.StorageAccount).some(
      ({ props }) => props.tags?.classification === "restricted",
    );
    if (!restricted) return;
    for (const { resource, props } of grantAssignments(args.resources)) {
      const description = String(props.description);
      if (
        typeof props.condition !== "string" ||
        !props.condition.includes("@Environment[UtcNow] DateTimeLessThan")
      ) {
        report(`restricted grant: no end-date condition (${description})`, resource.urn);
      }
      for (const problem of restrictedRecordProblems(parseApprovalSummary(description))) {
        report(`restricted grant: ${problem} (${description})`, resource.urn);
      }
    }
  },
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
  ROLE_SCOPES,
  FUNCTION_CONCURRENCY,
  KEY_PROTECTION,
  ...azureFunctionPolicies,
  LIFECYCLE_SCOPE,
  BACKUP_SCHEDULE,
  IMMUTABLE_BACKUPS,
  IDENTITY_ACCESS,
  ACCESS_LOGS,
  GRANT_PRINCIPALS,
  RESTRICTED_GRANTS,
];
