/**
 * deployAws for every tier × classification × inference (none, zip with both triggers, image
 * with object-created): exact outputs, resource types, key inputs, data-store protection, and
 * zero violations of the AWS policy pack on the whole graph.
 */
import { beforeEach, describe, expect, it } from "vitest";
import { DataProductOutputs, type Tier } from "#contract";
import {
  TIER_ARCHIVES,
  TIER_DAYS,
  matrixCases,
  uncoveredShapes,
  type MatrixCase,
} from "#test/support/matrix";
import { runPolicies } from "#test/support/policy-runner";
import { cloudTypes, valueOf } from "#test/support/pulumi-mocks";
import { captureParent } from "../azure/harness";
import {
  ACCOUNT,
  IMAGE,
  caseContext,
  databaseOf,
  GLUE_METADATA_TYPE,
  inputsOf,
  installAwsMocks,
  metadataLocationOf,
  urlOf,
  type InferenceKind,
} from "./harness";

const recorder = installAwsMocks();
const { deployAws } = await import("#components/aws/index");
const { awsPolicies } = await import("#components/policy/aws");

const T = {
  provider: "pulumi:providers:aws",
  bucket: "aws:s3/bucket:Bucket",
  pab: "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
  ownership: "aws:s3/bucketOwnershipControls:BucketOwnershipControls",
  versioning: "aws:s3/bucketVersioning:BucketVersioning",
  sse: "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
  bucketPolicy: "aws:s3/bucketPolicy:BucketPolicy",
  lifecycle: "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration",
  replication: "aws:s3/bucketReplicationConfig:BucketReplicationConfig",
  notification: "aws:s3/bucketNotification:BucketNotification",
  key: "aws:kms/key:Key",
  alias: "aws:kms/alias:Alias",
  table: "aws:glue/catalogTable:CatalogTable",
  glueMetadata: GLUE_METADATA_TYPE,
  role: "aws:iam/role:Role",
  rolePolicy: "aws:iam/rolePolicy:RolePolicy",
  attachment: "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
  vault: "aws:backup/vault:Vault",
  vaultLock: "aws:backup/vaultLockConfiguration:VaultLockConfiguration",
  logging: "aws:s3/bucketLogging:BucketLogging",
  queue: "aws:sqs/queue:Queue",
  invokeConfig: "aws:lambda/functionEventInvokeConfig:FunctionEventInvokeConfig",
  plan: "aws:backup/plan:Plan",
  selection: "aws:backup/selection:Selection",
  logGroup: "aws:cloudwatch/logGroup:LogGroup",
  alarm: "aws:cloudwatch/metricAlarm:MetricAlarm",
  fn: "aws:lambda/function:Function",
  lambdaAlias: "aws:lambda/alias:Alias",
  provisioned: "aws:lambda/provisionedConcurrencyConfig:ProvisionedConcurrencyConfig",
  url: "aws:lambda/functionUrl:FunctionUrl",
  permission: "aws:lambda/permission:Permission",
  topic: "aws:sns/topic:Topic",
  subscription: "aws:sns/topicSubscription:TopicSubscription",
} as const;

const PRIMARY = "us-east-1";
const SECONDARY = "us-west-2";

const DATA_PREFIX = "iceberg/card-transactions/data/";

/**
 * The four lifecycle rules of a bucket: its data files (or logs) tier and expire, noncurrent
 * versions expire after the soft-delete window, expired delete markers go, stale uploads abort.
 */
function lifecycleRules(
  prefix: string,
  steps: { days: number; storageClass: string }[],
  expire: number,
  softDelete: number,
) {
  const whole = { prefix: "" };
  return [
    {
      id: "tier-and-expire-data",
      status: "Enabled",
      filter: { prefix },
      ...(steps.length > 0 ? { transitions: steps } : {}),
      expiration: { days: expire },
    },
    {
      id: "expire-noncurrent",
      status: "Enabled",
      filter: whole,
      noncurrentVersionExpiration: { noncurrentDays: softDelete },
    },
    {
      id: "remove-expired-delete-markers",
      status: "Enabled",
      filter: whole,
      expiration: { expiredObjectDeleteMarker: true },
    },
    {
      id: "abort-incomplete-uploads",
      status: "Enabled",
      filter: whole,
      abortIncompleteMultipartUpload: { daysAfterInitiation: 7 },
    },
  ];
}

/** A tier's data rules: bronze expires on the day it would archive, so it never archives. */
function rulesFor(tier: Tier, deepArchiveDay?: number) {
  const days = TIER_DAYS[tier];
  return lifecycleRules(
    DATA_PREFIX,
    [
      { days: days.cool, storageClass: "STANDARD_IA" },
      ...(TIER_ARCHIVES[tier] ? [{ days: days.archive, storageClass: "GLACIER_IR" }] : []),
      ...(deepArchiveDay === undefined
        ? []
        : [{ days: deepArchiveDay, storageClass: "DEEP_ARCHIVE" }]),
    ],
    days.expire,
    days.softDelete,
  );
}

/** Access logs: cool at 30, archive at 90, kept a year (LOG_RETENTION_DAYS). */
function logRulesFor(tier: Tier) {
  return lifecycleRules(
    "access/",
    [
      { days: 30, storageClass: "STANDARD_IA" },
      { days: 90, storageClass: "GLACIER_IR" },
    ],
    365,
    TIER_DAYS[tier].softDelete,
  );
}

function bucketTypes(cmk: boolean): string[] {
  return [
    T.bucket,
    T.pab,
    T.ownership,
    T.versioning,
    T.sse,
    T.bucketPolicy,
    T.lifecycle,
    ...(cmk ? [T.key, T.alias] : []),
  ];
}

/** A data bucket and its access-log bucket (SSE-S3 whatever the classification). */
function loggedBucketTypes(cmk: boolean): string[] {
  return [...bucketTypes(cmk), ...bucketTypes(false), T.logging];
}

function expectedTypes(tier: Tier, cmk: boolean, inference: InferenceKind): string[] {
  // The Glue table and the metadata writer that evolves it after the create.
  const types: string[] = [T.provider, ...loggedBucketTypes(cmk), T.table, T.glueMetadata];
  if (tier === "gold") {
    types.push(
      T.provider,
      ...loggedBucketTypes(cmk),
      T.role,
      T.role,
      T.rolePolicy,
      T.attachment,
      T.attachment,
    );
    types.push(T.replication, T.vault, T.vault, T.vaultLock, T.vaultLock, T.plan, T.selection);
  }
  if (inference !== "none") {
    types.push(
      T.key,
      T.alias,
      T.logGroup,
      T.role,
      T.rolePolicy,
      T.fn,
      T.lambdaAlias,
      T.topic,
      T.subscription,
      T.alarm,
      T.alarm,
    );
    // Both shapes take S3 events: a failure queue, its invoke config and its alarm.
    types.push(T.permission, T.notification, T.queue, T.invokeConfig, T.alarm);
    if (inference === "zip") types.push(T.provisioned, T.url);
  }
  return types.sort();
}

type Case = MatrixCase<InferenceKind>;

const SHAPES: InferenceKind[] = ["zip", "image"];

const CASES: Case[] = matrixCases<InferenceKind>("none", SHAPES);

beforeEach(() => {
  recorder.reset();
});

describe("deployAws", () => {
  it("covers every tier, classification and inference on/off, each function shape with every tier and classification", () => {
    expect(CASES).toHaveLength(24);
    expect(uncoveredShapes(CASES, SHAPES)).toEqual([]);
  });

  it.each(CASES)("$tier / $classification / inference $inference", async (c) => {
    const context = caseContext(c.tier, c.classification, c.inference);
    const cmk = c.classification !== "public";
    const gold = c.tier === "gold";
    const names = context.names.aws;
    const { parent, captured, settle } = captureParent(
      `${c.tier}-${c.classification}-${c.inference}`,
    );
    const outputs = await valueOf(deployAws(context, parent, {}));
    await settle();

    const storageUri = `s3://${names.warehouseBucket}/iceberg/card-transactions`;
    expect(DataProductOutputs.safeParse(outputs).success).toBe(true);
    expect(outputs).toEqual({
      cloud: "aws",
      region: PRIMARY,
      storageUri,
      catalog: {
        kind: "glue",
        database: databaseOf("payments"),
        table: "card_transactions",
        metadataLocation: metadataLocationOf(storageUri),
        partitioning: "iceberg",
      },
      backup: gold
        ? {
            kind: "s3-replication+aws-backup",
            region: SECONDARY,
            location: `s3://${names.replicaBucket}`,
          }
        : { kind: "none" },
      ...(c.inference === "none"
        ? {}
        : {
            inference:
              c.inference === "zip"
                ? { name: names.lambdaFunction, endpointUrl: urlOf(names.lambdaFunction, PRIMARY) }
                : { name: names.lambdaFunction },
          }),
      tags: context.labels,
    });

    expect(cloudTypes(recorder)).toEqual(expectedTypes(c.tier, cmk, c.inference));
    // The catalog's metadata location is GlueTableMetadata's: the file current after its write.
    expect(inputsOf(recorder, T.glueMetadata, "catalog-metadata")).toMatchObject({
      region: PRIMARY,
      databaseName: databaseOf("payments"),
      tableName: "card_transactions",
      location: storageUri,
    });

    // Encryption: the product key, with a bucket key, or SSE-S3 for public data.
    const keyArn = `arn:aws:kms:${PRIMARY}:${ACCOUNT}:key/storage-key`;
    expect(inputsOf(recorder, T.sse, "storage-encryption").rules).toEqual([
      cmk
        ? {
            applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: keyArn },
            bucketKeyEnabled: true,
          }
        : { applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } },
    ]);
    // Every key rotates yearly and waits 30 days before a deletion; the inference function has
    // a telemetry key of its own whatever the classification.
    expect(
      recorder
        .ofType(T.key)
        .map((k) => [
          k.name,
          k.inputs.region,
          k.inputs.enableKeyRotation,
          k.inputs.rotationPeriodInDays,
          k.inputs.deletionWindowInDays,
        ]),
    ).toEqual([
      ...(cmk ? [["storage-key", PRIMARY, true, 365, 30]] : []),
      ...(cmk && gold ? [["backup-replica-key", SECONDARY, true, 365, 30]] : []),
      ...(c.inference === "none" ? [] : [["inference-telemetry-key", PRIMARY, true, 365, 30]]),
    ]);
    expect(inputsOf(recorder, T.bucket, "storage-bucket")).toMatchObject({
      bucket: names.warehouseBucket,
      region: PRIMARY,
      forceDestroy: false,
      tags: context.labels,
    });
    // Only the table's data files tier and expire: its metadata never moves or expires by age.
    expect(inputsOf(recorder, T.lifecycle, "storage-lifecycle-rules").rules).toEqual(
      rulesFor(c.tier),
    );
    expectAccessLogs("storage", names.warehouseBucket, names.accessLogBucket, PRIMARY, c.tier);

    // Data stores are retained on delete everywhere and protected for gold; the buckets'
    // hardening and lifecycle are retained with them, unprotected.
    const options = (types: string[]) =>
      captured
        .filter((r) => types.includes(r.type))
        .map((r) => [r.name, r.retainOnDelete, r.protect])
        .sort();
    // Access-log buckets and vault locks are kept like the stores they serve; the telemetry key
    // only encrypts what the stack deletes with it (logs, alarm topic, failure queue).
    const stores: string[] = [T.bucket, T.key, T.vault, T.vaultLock, T.table];
    const kept: string[] = [
      T.pab,
      T.ownership,
      T.versioning,
      T.sse,
      T.bucketPolicy,
      T.lifecycle,
      T.logging,
    ];
    const storeNames = ["storage-bucket", "storage-logs-bucket", "catalog-table"];
    if (cmk) storeNames.push("storage-key");
    if (gold) {
      storeNames.push("backup-replica-bucket", "backup-replica-logs-bucket");
      storeNames.push("backup-vault", "backup-replica-vault");
      storeNames.push("backup-vault-lock", "backup-replica-vault-lock");
    }
    if (gold && cmk) storeNames.push("backup-replica-key");
    expect(options(stores)).toEqual(
      [
        ...storeNames.map((name) => [name, true, gold]),
        ...(c.inference === "none" ? [] : [["inference-telemetry-key", false, false]]),
      ].sort(),
    );
    const sources = gold ? ["storage", "backup-replica"] : ["storage"];
    const prefixes = sources.flatMap((p) => [p, `${p}-logs`]);
    const suffixes = ["public-access-block", "ownership", "versioning", "encryption", "tls-only"];
    const keptNames = [
      ...prefixes.flatMap((p) => [
        ...suffixes.map((suffix) => `${p}-${suffix}`),
        `${p}-lifecycle-rules`,
      ]),
      ...sources.map((p) => `${p}-access-logging`),
    ];
    expect(options(kept)).toEqual(keptNames.map((name) => [name, true, false]).sort());

    if (gold) expectGeoBackup(c, context.names.aws, cmk, keyArn);
    if (c.inference !== "none") expectInference(c, context.names.aws, cmk, keyArn);

    expect(await runPolicies(awsPolicies, recorder.resources)).toEqual([]);
  });
});

type AwsNames = ReturnType<typeof caseContext>["names"]["aws"];

function expectGeoBackup(c: Case, names: AwsNames, cmk: boolean, keyArn: string): void {
  const replicaKeyArn = `arn:aws:kms:${SECONDARY}:${ACCOUNT}:key/backup-replica-key`;
  const providers = recorder.ofType(T.provider).map((p) => [p.name, p.inputs.region]);
  expect(providers).toEqual([
    [`aws-${PRIMARY}`, PRIMARY],
    [`backup-${SECONDARY}`, SECONDARY],
  ]);
  const replica = recorder.ofType(T.bucket).find((b) => b.name === "backup-replica-bucket");
  expect(replica?.inputs).toMatchObject({ bucket: names.replicaBucket, region: SECONDARY });
  expect(replica?.provider).toContain(`pulumi:providers:aws::backup-${SECONDARY}`);
  // Nobody queries the replica: its data files may go to DEEP_ARCHIVE after the Glacier IR
  // minimum (90 + 90), as they then stay there far beyond its 180-day minimum.
  expect(inputsOf(recorder, T.lifecycle, "backup-replica-lifecycle-rules").rules).toEqual(
    rulesFor("gold", 180),
  );
  expectAccessLogs(
    "backup-replica",
    names.replicaBucket,
    names.replicaAccessLogBucket,
    SECONDARY,
    c.tier,
  );
  expect(inputsOf(recorder, T.sse, "backup-replica-encryption").rules).toEqual([
    cmk
      ? {
          applyServerSideEncryptionByDefault: {
            sseAlgorithm: "aws:kms",
            kmsMasterKeyId: replicaKeyArn,
          },
          bucketKeyEnabled: true,
        }
      : { applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } },
  ]);

  const replication = inputsOf(recorder, T.replication, "backup-replication");
  expect(replication).toMatchObject({
    bucket: names.warehouseBucket,
    region: PRIMARY,
    role: `arn:aws:iam::${ACCOUNT}:role/${names.replicationRole}`,
  });
  expect(replication.rules).toEqual([
    {
      id: "geo-copy",
      status: "Enabled",
      priority: 1,
      filter: { prefix: "" },
      deleteMarkerReplication: { status: "Disabled" },
      ...(cmk
        ? { sourceSelectionCriteria: { sseKmsEncryptedObjects: { status: "Enabled" } } }
        : {}),
      destination: {
        bucket: `arn:aws:s3:::${names.replicaBucket}`,
        storageClass: "STANDARD",
        ...(cmk ? { encryptionConfiguration: { replicaKmsKeyId: replicaKeyArn } } : {}),
        replicationTime: { status: "Enabled", time: { minutes: 15 } },
        metrics: { status: "Enabled", eventThreshold: { minutes: 15 } },
      },
    },
  ]);
  const source = `arn:aws:s3:::${names.warehouseBucket}`;
  const target = `arn:aws:s3:::${names.replicaBucket}`;
  expect(
    JSON.parse(String(inputsOf(recorder, T.rolePolicy, "backup-replication-policy").policy)),
  ).toEqual({
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "ReadReplicationConfiguration",
        Effect: "Allow",
        Action: ["s3:GetReplicationConfiguration", "s3:ListBucket"],
        Resource: [source],
      },
      {
        Sid: "ReadSourceVersions",
        Effect: "Allow",
        Action: [
          "s3:GetObjectVersionForReplication",
          "s3:GetObjectVersionAcl",
          "s3:GetObjectVersionTagging",
        ],
        Resource: [`${source}/*`],
      },
      {
        Sid: "WriteReplica",
        Effect: "Allow",
        Action: ["s3:ReplicateObject", "s3:ReplicateTags"],
        Resource: [`${target}/*`],
      },
      ...(cmk
        ? [
            {
              Sid: "DecryptSource",
              Effect: "Allow",
              Action: ["kms:Decrypt"],
              Resource: [keyArn],
              Condition: { StringEquals: { "kms:ViaService": `s3.${PRIMARY}.amazonaws.com` } },
            },
            {
              Sid: "EncryptReplica",
              Effect: "Allow",
              Action: ["kms:Encrypt", "kms:GenerateDataKey"],
              Resource: [replicaKeyArn],
              Condition: { StringEquals: { "kms:ViaService": `s3.${SECONDARY}.amazonaws.com` } },
            },
          ]
        : []),
    ],
  });

  expect(
    recorder.ofType(T.vault).map((v) => [v.inputs.name, v.inputs.region, v.inputs.kmsKeyArn]),
  ).toEqual(
    expect.arrayContaining([
      [names.replicaBackupVault, SECONDARY, cmk ? replicaKeyArn : undefined],
      [names.backupVault, PRIMARY, cmk ? keyArn : undefined],
    ]),
  );
  const copy = `arn:aws:backup:${SECONDARY}:${ACCOUNT}:backup-vault:${names.replicaBackupVault}`;
  const rule = (ruleName: string, schedule: string, days: number) => ({
    ruleName,
    targetVaultName: names.backupVault,
    schedule,
    startWindow: 60,
    completionWindow: 1440,
    lifecycle: { deleteAfter: days },
  });
  const copied = (ruleName: string, schedule: string, days: number) => ({
    ...rule(ruleName, schedule, days),
    copyActions: [{ destinationVaultArn: copy, lifecycle: { deleteAfter: days } }],
  });
  // Point-in-time restore: continuous backup kept 35 days (AWS's maximum), not copied (a copy
  // would be a snapshot without point-in-time restore).
  expect(inputsOf(recorder, T.plan, "backup-plan").rules).toEqual([
    copied("daily", "cron(0 3 * * ? *)", 30),
    copied("monthly", "cron(0 4 1 * ? *)", 365),
    { ...rule("continuous", "cron(0 5 * * ? *)", 35), enableContinuousBackup: true },
  ]);
  // Both vaults locked in compliance mode after the 3-day grace period.
  expect(
    recorder
      .ofType(T.vaultLock)
      .map((l) => [
        l.name,
        l.inputs.backupVaultName,
        l.inputs.region,
        l.inputs.changeableForDays,
        l.inputs.minRetentionDays,
        l.inputs.maxRetentionDays,
      ]),
  ).toEqual([
    ["backup-vault-lock", names.backupVault, PRIMARY, 3, 30, undefined],
    ["backup-replica-vault-lock", names.replicaBackupVault, SECONDARY, 3, 30, undefined],
  ]);
  expect(inputsOf(recorder, T.selection, "backup-selection")).toMatchObject({
    resources: [source],
    iamRoleArn: `arn:aws:iam::${ACCOUNT}:role/${names.backupRole}`,
    region: PRIMARY,
  });
  expect(recorder.ofType(T.attachment).map((a) => a.inputs.policyArn)).toEqual([
    "arn:aws:iam::aws:policy/AWSBackupServiceRolePolicyForS3Backup",
    "arn:aws:iam::aws:policy/AWSBackupServiceRolePolicyForS3Restore",
  ]);
}

/**
 * S3 server access logs of `source` to `logBucket` in the same region: SSE-S3 (logging cannot
 * write SSE-KMS), delivery allowed for that source and account only, below access/, kept a year.
 */
function expectAccessLogs(
  name: string,
  source: string,
  logBucket: string,
  region: string,
  tier: Tier,
): void {
  expect(inputsOf(recorder, T.logging, `${name}-access-logging`)).toEqual({
    bucket: source,
    region,
    targetBucket: logBucket,
    targetPrefix: "access/",
    targetObjectKeyFormat: { partitionedPrefix: { partitionDateSource: "EventTime" } },
  });
  expect(inputsOf(recorder, T.bucket, `${name}-logs-bucket`)).toMatchObject({
    bucket: logBucket,
    region,
    tags: expect.objectContaining({ "retention-days": "365" }),
  });
  expect(inputsOf(recorder, T.sse, `${name}-logs-encryption`).rules).toEqual([
    { applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } },
  ]);
  expect(inputsOf(recorder, T.lifecycle, `${name}-logs-lifecycle-rules`).rules).toEqual(
    logRulesFor(tier),
  );
  const logArn = `arn:aws:s3:::${logBucket}`;
  expect(
    JSON.parse(String(inputsOf(recorder, T.bucketPolicy, `${name}-logs-tls-only`).policy)),
  ).toEqual({
    Version: "2012-10-17",
    Statement: [
      expect.objectContaining({ Sid: "DenyInsecureTransport", Effect: "Deny" }),
      {
        Sid: "AllowServerAccessLogs",
        Effect: "Allow",
        Principal: { Service: "logging.s3.amazonaws.com" },
        Action: ["s3:PutObject"],
        Resource: [`${logArn}/access/*`],
        Condition: {
          ArnLike: { "aws:SourceArn": [`arn:aws:s3:::${source}`] },
          StringEquals: { "aws:SourceAccount": ACCOUNT },
        },
      },
    ],
  });
}

function expectInference(c: Case, names: AwsNames, cmk: boolean, keyArn: string): void {
  const zip = c.inference === "zip";
  const bucketArn = `arn:aws:s3:::${names.warehouseBucket}`;
  const logGroup = `/aws/lambda/${names.lambdaFunction}`;
  const fn = inputsOf(recorder, T.fn, "inference-function");
  expect(fn).toMatchObject({
    name: names.lambdaFunction,
    region: PRIMARY,
    role: `arn:aws:iam::${ACCOUNT}:role/${names.inferenceRole}`,
    memorySize: zip ? 1024 : 2048,
    timeout: zip ? 30 : 60,
    reservedConcurrentExecutions: zip ? 100 : 10,
    publish: true,
    loggingConfig: { logFormat: "JSON", logGroup },
    tracingConfig: { mode: "Active" },
  });
  expect([fn.packageType, fn.runtime, fn.handler, fn.s3Bucket, fn.s3Key, fn.imageUri]).toEqual(
    zip
      ? [
          "Zip",
          "python3.12",
          "scorer.handler",
          "acme-artifacts",
          "payments/fraud-scorer-1.4.2.zip",
          undefined,
        ]
      : ["Image", undefined, undefined, undefined, undefined, IMAGE],
  );
  // Telemetry: logs kept a year on every tier; logs, alarm topic and failure queue under the
  // function's own key, whose policy lets CloudWatch Logs use it for this log group only.
  const telemetryKeyArn = `arn:aws:kms:${PRIMARY}:${ACCOUNT}:key/inference-telemetry-key`;
  const logGroupArn = `arn:aws:logs:${PRIMARY}:${ACCOUNT}:log-group:${logGroup}`;
  expect(inputsOf(recorder, T.logGroup, "inference-logs")).toMatchObject({
    name: logGroup,
    retentionInDays: 365,
    kmsKeyId: telemetryKeyArn,
  });
  expect(inputsOf(recorder, T.alias, "inference-telemetry-key-alias")).toMatchObject({
    name: names.telemetryKmsAlias,
  });
  expect(JSON.parse(String(inputsOf(recorder, T.key, "inference-telemetry-key").policy))).toEqual({
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "AccountAdministersKey",
        Effect: "Allow",
        Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` },
        Action: ["kms:*"],
        Resource: ["*"],
      },
      {
        Sid: "LogsEncryptOwnLogGroup",
        Effect: "Allow",
        Principal: { Service: `logs.${PRIMARY}.amazonaws.com` },
        Action: [
          "kms:Encrypt*",
          "kms:Decrypt*",
          "kms:ReEncrypt*",
          "kms:GenerateDataKey*",
          "kms:Describe*",
        ],
        Resource: ["*"],
        Condition: { ArnEquals: { "kms:EncryptionContext:aws:logs:arn": logGroupArn } },
      },
      {
        Sid: "AlarmsPublishToTopic",
        Effect: "Allow",
        Principal: { Service: "cloudwatch.amazonaws.com" },
        Action: ["kms:Decrypt", "kms:GenerateDataKey*"],
        Resource: ["*"],
      },
    ],
  });
  const queueArn = `arn:aws:sqs:${PRIMARY}:${ACCOUNT}:${names.inferenceFailureQueue}`;
  expect(inputsOf(recorder, T.queue, "inference-failures")).toMatchObject({
    name: names.inferenceFailureQueue,
    messageRetentionSeconds: 1_209_600,
    kmsMasterKeyId: telemetryKeyArn,
  });
  expect(
    JSON.parse(String(inputsOf(recorder, T.rolePolicy, "inference-role-policy").policy)),
  ).toEqual({
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "ReadProductObjects",
        Effect: "Allow",
        Action: ["s3:GetObject", "s3:GetObjectVersion"],
        Resource: [`${bucketArn}/iceberg/card-transactions/*`],
      },
      {
        Sid: "ListProductPrefix",
        Effect: "Allow",
        Action: ["s3:ListBucket"],
        Resource: [bucketArn],
        Condition: {
          StringLike: { "s3:prefix": ["iceberg/card-transactions", "iceberg/card-transactions/*"] },
        },
      },
      ...(cmk
        ? [
            {
              Sid: "DecryptProductKey",
              Effect: "Allow",
              Action: ["kms:Decrypt"],
              Resource: [keyArn],
              Condition: { StringEquals: { "kms:ViaService": `s3.${PRIMARY}.amazonaws.com` } },
            },
          ]
        : []),
      {
        Sid: "WriteOwnLogs",
        Effect: "Allow",
        Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
        Resource: [`arn:aws:logs:${PRIMARY}:${ACCOUNT}:log-group:${logGroup}:log-stream:*`],
      },
      {
        Sid: "WriteTraces",
        Effect: "Allow",
        Action: ["xray:PutTraceSegments", "xray:PutTelemetryRecords"],
        Resource: ["*"],
      },
      {
        Sid: "SendFailedEvents",
        Effect: "Allow",
        Action: ["sqs:SendMessage"],
        Resource: [queueArn],
      },
      {
        Sid: "EncryptFailedEvents",
        Effect: "Allow",
        Action: ["kms:GenerateDataKey", "kms:Decrypt"],
        Resource: [telemetryKeyArn],
        Condition: { StringEquals: { "kms:ViaService": `sqs.${PRIMARY}.amazonaws.com` } },
      },
    ],
  });
  const aliasArn = `arn:aws:lambda:${PRIMARY}:${ACCOUNT}:function:${names.lambdaFunction}:live`;
  expect(inputsOf(recorder, T.lambdaAlias, "inference-alias")).toMatchObject({
    name: "live",
    functionVersion: "1",
  });
  expect(
    recorder
      .ofType(T.provisioned)
      .map((p) => [p.inputs.qualifier, p.inputs.provisionedConcurrentExecutions]),
  ).toEqual(zip ? [["live", 10]] : []);
  expect(
    recorder.ofType(T.url).map((u) => [u.inputs.authorizationType, u.inputs.qualifier]),
  ).toEqual(zip ? [["AWS_IAM", "live"]] : []);
  expect(inputsOf(recorder, T.notification, "inference-object-created").lambdaFunctions).toEqual([
    {
      id: "meshplane-inference",
      lambdaFunctionArn: aliasArn,
      events: ["s3:ObjectCreated:*"],
      filterPrefix: "iceberg/card-transactions/data/",
    },
  ]);
  expect(inputsOf(recorder, T.permission, "inference-s3-invoke")).toMatchObject({
    action: "lambda:InvokeFunction",
    principal: "s3.amazonaws.com",
    sourceArn: bucketArn,
    sourceAccount: ACCOUNT,
    qualifier: "live",
  });
  // S3 invokes asynchronously: two retries within 6 hours, then the failure queue.
  expect(inputsOf(recorder, T.invokeConfig, "inference-async-invoke")).toEqual({
    functionName: names.lambdaFunction,
    qualifier: "live",
    region: PRIMARY,
    maximumRetryAttempts: 2,
    maximumEventAgeInSeconds: 21_600,
    destinationConfig: { onFailure: { destination: queueArn } },
  });
  const topicArn = `arn:aws:sns:${PRIMARY}:${ACCOUNT}:${names.lambdaFunction}-alarms`;
  expect(inputsOf(recorder, T.topic, "inference-alarms")).toMatchObject({
    kmsMasterKeyId: telemetryKeyArn,
  });
  expect(inputsOf(recorder, T.alarm, "inference-failed-events-alarm")).toMatchObject({
    namespace: "AWS/SQS",
    metricName: "ApproximateNumberOfMessagesVisible",
    dimensions: { QueueName: names.inferenceFailureQueue },
    statistic: "Maximum",
    period: 300,
    comparisonOperator: "GreaterThanThreshold",
    threshold: 0,
    alarmActions: [topicArn],
  });
  expect(inputsOf(recorder, T.subscription, "inference-alarms-owner-0")).toMatchObject({
    topic: topicArn,
    protocol: "email",
    endpoint: "paul@meshplane.test",
  });
  const latency = inputsOf(recorder, T.alarm, "inference-latency-alarm");
  expect(latency).toMatchObject({
    namespace: "AWS/Lambda",
    metricName: "Duration",
    extendedStatistic: "p99",
    dimensions: { FunctionName: names.lambdaFunction },
    period: 300,
    evaluationPeriods: 1,
    comparisonOperator: "GreaterThanThreshold",
    threshold: 500,
    alarmActions: [topicArn],
  });
  const errors = inputsOf(recorder, T.alarm, "inference-error-alarm");
  expect(errors).toMatchObject({
    threshold: 1,
    comparisonOperator: "GreaterThanThreshold",
    alarmActions: [topicArn],
  });
  const metric = (metricName: string) => ({
    namespace: "AWS/Lambda",
    metricName,
    dimensions: { FunctionName: names.lambdaFunction },
    period: 300,
    stat: "Sum",
  });
  expect(errors.metricQueries).toEqual([
    { id: "errors", returnData: false, metric: metric("Errors") },
    { id: "invocations", returnData: false, metric: metric("Invocations") },
    {
      id: "error_rate",
      expression: "IF(invocations > 0, 100 * errors / invocations, 0)",
      label: "Error rate (%)",
      returnData: true,
    },
  ]);
}
