/**
 * The mesh governance controls, written once: what each promises, and per cloud the setting that
 * keeps it and its status. A control is `met` on a cloud by the policy `<control>-<cloud>` (a
 * test fails when that policy is missing), `n/a` where the cloud has nothing to enforce, or a
 * platform `limit` where the cloud cannot keep it; the last two carry the reason. Ids are
 * stable so audit findings and docs can cite them; docs/components.md renders this table.
 *
 * No provider SDK is imported here, so tools and the plan preview read it cheaply.
 */
import { CLOUDS, CMK_CLASSIFICATIONS, LOG_RETENTION_DAYS, type Cloud } from "#contract";

export type Coverage =
  { status: "met"; setting: string } | { status: "n/a" | "limit"; reason: string };

const met = (setting: string): Coverage => ({ status: "met", setting });
const na = (reason: string): Coverage => ({ status: "n/a", reason });
const limit = (reason: string): Coverage => ({ status: "limit", reason });

export interface ControlDefinition {
  title: string;
  coverage: Readonly<Record<Cloud, Coverage>>;
}

const LOCAL = {
  noFunctions: na("inference is unsupported on the local target: no functions"),
  noLifecycle: na("lifecycle is unsupported on the local target (capability matrix)"),
  noBackup: na("backup is unsupported on the local target (capability matrix)"),
  noKeys: na("no key management on one machine; data that needs a key belongs on a cloud target"),
  noNetwork: na("a directory on the host: nothing listens on the network"),
};

const CMK_DATA = CMK_CLASSIFICATIONS.join(", ");

const DEFINITIONS = {
  "MP-ENC-001": {
    title: "Data stores and function telemetry are encrypted at rest",
    coverage: {
      aws: met(
        "`aws.s3.BucketServerSideEncryptionConfiguration` on every bucket (SSE-KMS or SSE-S3); `aws.sns.Topic.kmsMasterKeyId`, `aws.sqs.Queue.kmsMasterKeyId`",
      ),
      azure: met(
        "`storage.StorageAccount.encryption` with a key source, blob encryption on and `requireInfrastructureEncryption: true`",
      ),
      gcp: met(
        "Google-managed encryption of every object; `gcp.storage.Bucket.encryption.defaultKmsKeyName` where MP-KEY-001 asks for a key",
      ),
      local: na(
        "a directory on the host: encryption at rest is the host disk's (capability matrix)",
      ),
    },
  },
  "MP-KEY-001": {
    title: `${CMK_DATA} data is encrypted with a customer-managed key that rotates`,
    coverage: {
      aws: met(
        "data buckets: SSE-KMS with the product's key (not `alias/aws/s3`); `aws.backup.Vault.kmsKeyArn`; `aws.kms.Key{enableKeyRotation: true, rotationPeriodInDays <= 365}`",
      ),
      azure: met(
        "`storage.StorageAccount.encryption{keySource: Microsoft.Keyvault, keyVaultProperties, encryptionIdentity}`",
      ),
      gcp: met(
        "`gcp.storage.Bucket.encryption.defaultKmsKeyName`; `gcp.kms.CryptoKey.rotationPeriod <= 90 days`",
      ),
      local: LOCAL.noKeys,
    },
  },
  "MP-KEY-002": {
    title: "Keys cannot be destroyed at once",
    coverage: {
      aws: met("`aws.kms.Key.deletionWindowInDays >= 30`"),
      azure: met(
        "`keyvault.Vault.properties{enableSoftDelete: true, softDeleteRetentionInDays >= 90, enablePurgeProtection: true, enableRbacAuthorization: true, networkAcls.defaultAction: Deny}`; `keyvault.Key.properties.rotationPolicy.attributes.expiryTime` set",
      ),
      gcp: met("`gcp.kms.CryptoKey.destroyScheduledDuration` unset (30 days) or >= 30 days"),
      local: LOCAL.noKeys,
    },
  },
  "MP-NET-001": {
    title: "Data stores are never publicly accessible",
    coverage: {
      aws: met(
        "`aws.s3.BucketPublicAccessBlock` (all four true), `aws.s3.BucketOwnershipControls` BucketOwnerEnforced",
      ),
      azure: met(
        "`storage.StorageAccount{allowBlobPublicAccess: false, networkRuleSet{defaultAction: Deny, bypass includes AzureServices}}` (allowed networks and private endpoints from the stack's options), `storage.BlobContainer.publicAccess: None`",
      ),
      gcp: met(
        "`gcp.storage.Bucket{publicAccessPrevention: enforced, uniformBucketLevelAccess: true}`",
      ),
      local: LOCAL.noNetwork,
    },
  },
  "MP-NET-002": {
    title: "Function endpoints require authentication",
    coverage: {
      aws: met(
        "`aws.lambda.FunctionUrl.authorizationType: AWS_IAM`; no `aws.lambda.Permission` for the principal `*`",
      ),
      azure: met(
        "`web.WebAppAuthSettingsV2{platform.enabled, globalValidation{requireAuthentication: true, unauthenticatedClientAction: Return401}, httpSettings.requireHttps}` for every function app, only Event Grid's key-protected webhook path excluded; Entra ID app registration and IP restrictions from the stack's options",
      ),
      gcp: met(
        "`gcp.cloudrunv2.Service.invokerIamDisabled` not true; no `roles/run.invoker` for allUsers or allAuthenticatedUsers",
      ),
      local: LOCAL.noFunctions,
    },
  },
  "MP-TLS-001": {
    title: "Data stores accept TLS connections only",
    coverage: {
      aws: met("`aws.s3.BucketPolicy` denying `s3:*` when `aws:SecureTransport` is false"),
      azure: met(
        "`storage.StorageAccount{minimumTlsVersion: TLS1_2, enableHttpsTrafficOnly: true}`, `web.WebApp.httpsOnly: true`",
      ),
      gcp: na(
        "Cloud Storage serves its JSON and XML APIs over HTTPS only; there is no plain-HTTP endpoint or setting to enforce",
      ),
      local: LOCAL.noNetwork,
    },
  },
  "MP-VER-001": {
    title: "Object versioning is on for data stores",
    coverage: {
      aws: met("`aws.s3.BucketVersioning` Enabled"),
      azure: met(
        "`storage.BlobServiceProperties` blob and container soft delete >= 7 days (versioning on flat accounts; ADLS Gen2 has none, and must not set it)",
      ),
      gcp: met("`gcp.storage.Bucket.versioning.enabled`, or a retention policy on backup buckets"),
      local: na(
        "no object store: Iceberg's own metadata versions are kept (never rewritten), data files are immutable",
      ),
    },
  },
  "MP-LIF-001": {
    title: "Lifecycle expiry never comes before the product's retention",
    coverage: {
      aws: met(
        "`aws.s3.BucketLifecycleConfiguration` `rules[].expiration.days` >= the bucket's retention-days tag",
      ),
      azure: met(
        "`storage.ManagementPolicy` base-blob `delete` >= the account's retention-days tag",
      ),
      gcp: met("`gcp.storage.Bucket.lifecycleRules` age `Delete` >= the retention-days label"),
      local: LOCAL.noLifecycle,
    },
  },
  "MP-LIF-002": {
    title:
      "Lifecycle rules move and expire data files only, to online classes, each kept its minimum storage duration",
    coverage: {
      aws: met(
        "`aws.s3.BucketLifecycleConfiguration` rules that transition or expire by age filter on `<table>/data/` (log buckets: their log prefix); STANDARD_IA from day 30, GLACIER_IR, each kept 30 / 90 days; DEEP_ARCHIVE only on replication destinations",
      ),
      azure: met(
        "`storage.ManagementPolicy` base-blob actions on `prefixMatch: [<container>/<table>/data/]` only, `tierToCool` / `tierToCold` (never `tierToArchive`), each kept 30 / 90 days; no snapshot actions",
      ),
      gcp: met(
        "`gcp.storage.Bucket.lifecycleRules` `SetStorageClass` and age `Delete` with `matchesPrefixes: [<table>/data/]` (log buckets: their log folder); NEARLINE, COLDLINE, ARCHIVE kept 30 / 90 / 365 days",
      ),
      local: LOCAL.noLifecycle,
    },
  },
  "MP-GEO-001": {
    title: "Gold products keep a copy of their data in a different region",
    coverage: {
      aws: met(
        "`aws.s3.BucketReplicationConfig` to a bucket in another region; `aws.backup.Plan` `copyActions` to a vault in another region",
      ),
      azure: met(
        "`storage.StorageAccount.sku` geo-redundant (RA-GZRS); `dataprotection.BackupVault` storage GeoRedundant; the contract accepts gold only where Azure backs up ADLS Gen2 (eastasia, centralindia)",
      ),
      gcp: met("dual-region `gcp.storage.Bucket.customPlacementConfig` (or a transfer-job sink)"),
      local: LOCAL.noBackup,
    },
  },
  "MP-BAK-001": {
    title: "Gold data stores are backed up at least daily and the backups kept at least 30 days",
    coverage: {
      aws: met(
        "`aws.backup.Plan` daily rule with `lifecycle.deleteAfter >= 30` and copies kept as long; `aws.backup.Selection.resources` names every gold data bucket",
      ),
      azure: met(
        "`dataprotection.BackupPolicy` daily schedule keeping daily points >= 30 days; a vaulted ADLS backup instance (`AdlsBlobBackupDatasourceParameters`, API 2025-07-01) for every gold data lake",
      ),
      gcp: met(
        "`gcp.storage.TransferJob{status: ENABLED, schedule.repeatInterval <= 86400s, deleteObjectsUniqueInSink: false}` from every gold data bucket into a bucket whose retention policy holds the product's retention",
      ),
      local: LOCAL.noBackup,
    },
  },
  "MP-BAK-002": {
    title: "Gold backups are immutable",
    coverage: {
      aws: met(
        "`aws.backup.VaultLockConfiguration` in compliance mode (`changeableForDays`, `minRetentionDays`) for every gold vault",
      ),
      azure: met(
        "`dataprotection.BackupVault.properties.securitySettings{immutabilitySettings.state: Locked, softDeleteSettings retention >= 14 days}` (irreversible)",
      ),
      gcp: met("gold backup bucket `retentionPolicy.isLocked: true` (irreversible)"),
      local: LOCAL.noBackup,
    },
  },
  "MP-PITR-001": {
    title: "Gold data stores can be restored to a point in time",
    coverage: {
      aws: met(
        "`aws.backup.Plan` rule with `enableContinuousBackup: true` kept 30 to 35 days, and the gold data buckets selected",
      ),
      azure: limit(
        "ADLS Gen2 (hierarchical namespace) accounts support neither blob point-in-time restore nor versioning nor change feed; blob and container soft delete recover deletes for the tier's window, the locked vault keeps daily recovery points, and Iceberg never overwrites a data file",
      ),
      gcp: met(
        "gold data bucket `versioning.enabled` with noncurrent `Delete` at `daysSinceNoncurrentTime >= 30`",
      ),
      local: LOCAL.noBackup,
    },
  },
  "MP-CAT-001": {
    title:
      "Tables are registered as Iceberg v2 with their partition spec, or the substitute is declared",
    coverage: {
      aws: met(
        "`aws.glue.CatalogTable.openTableFormatInput.icebergInput{metadataOperation: CREATE, version: 2}` with partition field ids from 1000 over schema columns",
      ),
      azure: limit(
        "no managed Iceberg catalog on Azure: the component writes the table's Iceberg v2 metadata with the spec's partition spec and sort order into the container itself (`IcebergTableMetadata`, a dynamic resource; tested against Azurite) and the Meshplane catalog registers that file (the outputs say `catalog.partitioning: iceberg`)",
      ),
      gcp: met(
        "`gcp.bigquery.Table.biglakeConfiguration{tableFormat: ICEBERG, fileFormat: PARQUET, storageUri: gs://…/}`, clustered by at most 4 partition columns, no time or range partitioning (BigLake Iceberg partitioning is Preview; the outputs say `catalog.partitioning: clustering`)",
      ),
      local: na(
        "no catalog service on one machine: the local provider writes Iceberg v2 metadata with the spec's partition spec itself (tested against the table spec)",
      ),
    },
  },
  "MP-LBL-001": {
    title: "Every taggable resource carries the mesh labels",
    coverage: {
      aws: met(
        "`tags` on buckets, keys, vaults, plans, roles, functions, logs, alarms, topics, queues",
      ),
      azure: met("`tags` on every taggable Azure resource the components create"),
      gcp: met(
        "`labels` on buckets, keys, tables, services, Pub/Sub topics and subscriptions, triggers; `userLabels` on alerts",
      ),
      local: na(
        "dynamic resources take no tags; the mesh labels are written as the table's meshplane.* properties",
      ),
    },
  },
  "MP-IAM-001": {
    title:
      "Function permissions are least privilege: read-only on the product's data, no wildcards, no account- or project-wide grants",
    coverage: {
      aws: met(
        "inline policies of Lambda roles only: S3 `GetObject`, `GetObjectVersion` below the table prefix and `ListBucket`; no wildcard actions; `Resource: *` only for X-Ray's resource-less actions",
      ),
      azure: met(
        "`authorization.RoleAssignment.scope` at one resource (blob data roles at one container), never a subscription or resource group; never Owner, Contributor or User Access Administrator",
      ),
      gcp: met(
        "no `allUsers` / `allAuthenticatedUsers` members, no basic roles (`roles/owner`, `roles/editor`), no project-wide `gcp.projects.IAMMember` / `IAMBinding`",
      ),
      local: LOCAL.noFunctions,
    },
  },
  "MP-IAM-002": {
    title: "Data stores accept identity-based access only",
    coverage: {
      aws: na(
        "S3 has no account keys: every request is signed by an IAM principal, and ACLs are off (BucketOwnerEnforced, MP-NET-001)",
      ),
      azure: met(
        "`storage.StorageAccount{allowSharedKeyAccess: false, defaultToOAuthAuthentication: true, isLocalUserEnabled: false, isSftpEnabled: false}`",
      ),
      gcp: met("no `gcp.storage.HmacKey` in the stack"),
      local: na("a directory on the host: access is the host's file permissions"),
    },
  },
  "MP-FN-001": {
    title: "Functions have an explicit concurrency limit within what the account can grant",
    coverage: {
      aws: met(
        "`aws.lambda.Function.reservedConcurrentExecutions` from 1 to 900 (the default quota less the unreserved minimum)",
      ),
      azure: met("`web.WebApp.functionAppConfig.scaleAndConcurrency.maximumInstanceCount >= 1`"),
      gcp: met("`gcp.cloudrunv2.Service.template.scaling.maxInstanceCount >= 1`"),
      local: LOCAL.noFunctions,
    },
  },
  "MP-DLQ-001": {
    title: "Event-triggered functions keep failed events in a dead-letter destination",
    coverage: {
      aws: met(
        "`aws.lambda.FunctionEventInvokeConfig.destinationConfig.onFailure.destination` a queue of the stack, for every function an S3 notification invokes",
      ),
      azure: met(
        "`eventgrid.SystemTopicEventSubscription.deadLetterWithResourceIdentity` to a blob container of the function's runtime account",
      ),
      gcp: met(
        "`gcp.pubsub.Subscription.deadLetterPolicy{deadLetterTopic, maxDeliveryAttempts 5 to 100}` on every push subscription; no Eventarc trigger on Cloud Storage events",
      ),
      local: LOCAL.noFunctions,
    },
  },
  "MP-TRC-001": {
    title: "Functions trace requests",
    coverage: {
      aws: met("`aws.lambda.Function.tracingConfig.mode: Active`"),
      azure: met(
        "`APPLICATIONINSIGHTS_CONNECTION_STRING` app setting of a workspace-based Application Insights component",
      ),
      gcp: na(
        "Cloud Run sends request traces to Cloud Trace for every service; there is no setting to turn on",
      ),
      local: LOCAL.noFunctions,
    },
  },
  "MP-MON-001": {
    title: "Function alerts fire at the platform's thresholds and reach the owners",
    coverage: {
      aws: met(
        "`aws.cloudwatch.MetricAlarm` p99 Duration <= 500 ms, error rate <= 1 %, failed-event queue depth > 0, each with `alarmActions` to an SNS topic of the stack",
      ),
      azure: met(
        "`monitor.ScheduledQueryRule` p99 latency <= 500 ms and failure rate <= 1 %, `monitor.MetricAlert` on `DeadLetteredCount` > 0, each with action groups",
      ),
      gcp: met(
        "`gcp.monitoring.AlertPolicy` p99 latency <= 500 ms, 5xx ratio <= 1 %, dead-letter message count > 0, each with `notificationChannels`",
      ),
      local: LOCAL.noFunctions,
    },
  },
  "MP-LOG-001": {
    title: "Data stores log data access",
    coverage: {
      aws: met(
        "`aws.s3.BucketLogging` from every data bucket to a log bucket of its region (`targetPrefix: access/`)",
      ),
      azure: met(
        "`monitor.DiagnosticSetting` on every data lake's blob service: StorageRead, StorageWrite, StorageDelete to a Log Analytics workspace",
      ),
      gcp: met(
        "`gcp.storage.Bucket.logging{logBucket, logObjectPrefix}` to a log bucket of the stack that lets cloud-storage-analytics create objects",
      ),
      local: na("a directory on the host: file access is audited by the host, if at all"),
    },
  },
  "MP-LOG-002": {
    title: `Function logs are kept at least ${LOG_RETENTION_DAYS} days, with a customer-managed key where the cloud allows`,
    coverage: {
      aws: met(`\`aws.cloudwatch.LogGroup{retentionInDays >= ${LOG_RETENTION_DAYS}, kmsKeyId}\``),
      azure: met(
        `\`operationalinsights.Workspace.retentionInDays >= ${LOG_RETENTION_DAYS}\`; Microsoft-managed keys (a customer-managed key needs a dedicated Log Analytics cluster: platform limit)`,
      ),
      gcp: met(
        `\`gcp.logging.ProjectBucketConfig.retentionDays >= ${LOG_RETENTION_DAYS}\` with a sink of the service's logs; Google-managed keys (Cloud Logging CMEK is a project or organization setting: platform limit)`,
      ),
      local: LOCAL.noFunctions,
    },
  },
  "MP-ACC-001": {
    title:
      "Access grants name one principal: never a wildcard, the public or a whole account or project",
    coverage: {
      aws: met(
        "`aws.s3.BucketPolicy` Allow statements name principals without `*` and no account root; `aws.kms.Grant.granteePrincipal` and `aws.lakeformation.Permissions.principal` a role ARN (not `*`, `IAM_ALLOWED_PRINCIPALS` or an account)",
      ),
      azure: met(
        "grant `authorization.RoleAssignment` (description `meshplane grant …`): `principalId` a GUID, `principalType` ServicePrincipal or Group, `scope` one blob container",
      ),
      gcp: met(
        "`gcp.storage.BucketIAMMember`, `gcp.bigquery.IamMember`, `gcp.bigquery.DatasetIamMember` members are never `allUsers`, `allAuthenticatedUsers`, `domain:`, `principalSet:` or a project role",
      ),
      local: na(
        "nothing is provisioned on one machine: the Iceberg catalog checks the grant record (core/access.ts), whose principal is the consuming domain",
      ),
    },
  },
  "MP-ACC-002": {
    title: "Grants of restricted data carry their approval record and an end date",
    coverage: {
      aws: met(
        "in a stack whose bucket is tagged restricted: every `MeshGrant…` bucket policy statement has `DateLessThan aws:CurrentTime`, and an `aws.kms.Grant` named `meshplane/<id>/…` records an owner's and a different platform admin's approvals and `until:`",
      ),
      azure: met(
        "in a stack whose storage account is tagged restricted: every grant `authorization.RoleAssignment` has an `@Environment[UtcNow] DateTimeLessThan` condition and a description recording an owner's and a different platform admin's approvals and the end date",
      ),
      gcp: met(
        "in a stack whose bucket is labelled restricted: every grant IAM member's condition (title `meshplane grant …`) has `request.time < timestamp(…)` and a description recording an owner's and a different platform admin's approvals and the end date",
      ),
      local: na(
        "nothing is provisioned on one machine: the catalog reads a restricted product only under an approved, unexpired grant record (core/access.ts)",
      ),
    },
  },
} as const satisfies Record<string, ControlDefinition>;

export type ControlId = keyof typeof DEFINITIONS;

export const CONTROL_IDS = Object.keys(DEFINITIONS) as ControlId[];

export const CONTROL_DEFINITIONS: Readonly<Record<ControlId, ControlDefinition>> = DEFINITIONS;

/** Control id → what it promises. */
export const CONTROLS: Readonly<Record<ControlId, string>> = Object.fromEntries(
  CONTROL_IDS.map((id) => [id, DEFINITIONS[id].title]),
) as Record<ControlId, string>;

export function coverageOf(control: ControlId, cloud: Cloud): Coverage {
  return CONTROL_DEFINITIONS[control].coverage[cloud];
}

/** Per cloud, the controls it has no policy for because nothing applies or the cloud cannot. */
export const NOT_APPLICABLE: Readonly<Record<Cloud, Partial<Record<ControlId, string>>>> =
  Object.fromEntries(
    CLOUDS.map((cloud) => [
      cloud,
      Object.fromEntries(
        CONTROL_IDS.flatMap((control) => {
          const coverage = coverageOf(control, cloud);
          return "reason" in coverage ? [[control, coverage.reason]] : [];
        }),
      ),
    ]),
  ) as Record<Cloud, Partial<Record<ControlId, string>>>;

/** Mesh label keys a policy expects on every taggable resource (values from contract/labels). */
export const REQUIRED_LABELS = [
  "domain",
  "product",
  "tier",
  "classification",
  "owner",
  "managed-by",
] as const;

/** Policy names are `<control id lowercased>-<cloud>`, e.g. `mp-enc-001-aws`. */
export function policyName(control: ControlId, cloud: "aws" | "azure" | "gcp"): string {
  return `${control.toLowerCase()}-${cloud}`;
}
