/**
 * IAM and bucket policy documents as typed objects. Pure: ARNs come in as strings, so every
 * statement is unit-tested exactly; the components serialise them with `policyJson`.
 *
 * Least privilege throughout: each statement names the actions it needs and the exact ARNs
 * (an object wildcard only below a fixed bucket prefix or log stream).
 */

export interface PolicyStatement {
  Sid: string;
  Effect: "Allow" | "Deny";
  Action: string[];
  /** Absent only in trust policies, whose subject is the role itself. */
  Resource?: string[];
  Principal?: "*" | { Service: string } | { AWS: string };
  Condition?: Record<string, Record<string, string | string[]>>;
}

export interface PolicyDocument {
  Version: "2012-10-17";
  Statement: PolicyStatement[];
}

export function policyJson(document: PolicyDocument): string {
  return JSON.stringify(document);
}

function document(...statements: PolicyStatement[]): PolicyDocument {
  return { Version: "2012-10-17", Statement: statements };
}

/** Trust policy letting one AWS service assume a role. */
export function serviceTrustPolicy(service: string): PolicyDocument {
  return document({
    Sid: "ServiceAssumesRole",
    Effect: "Allow",
    Action: ["sts:AssumeRole"],
    Principal: { Service: service },
  });
}

/**
 * Bucket policy denying every request that does not use TLS (MP-TLS-001), with the bucket's
 * own grants after it (a log bucket's delivery by S3).
 */
export function tlsOnlyBucketPolicy(
  bucketArn: string,
  grants: readonly PolicyStatement[] = [],
): PolicyDocument {
  return document(
    {
      Sid: "DenyInsecureTransport",
      Effect: "Deny",
      Principal: "*",
      Action: ["s3:*"],
      Resource: [bucketArn, `${bucketArn}/*`],
      Condition: { Bool: { "aws:SecureTransport": "false" } },
    },
    ...grants,
  );
}

export interface AccessLogDeliveryArgs {
  logBucketArn: string;
  /** Folder of the log objects, ending in "/". */
  prefix: string;
  /** The buckets whose access this bucket logs. */
  sourceBucketArns: readonly string[];
  accountId: string;
}

/**
 * Lets S3 server access logging write the logs of the named buckets of this account, and only
 * below the log prefix (https://docs.aws.amazon.com/AmazonS3/latest/userguide/enable-server-access-logging.html).
 */
export function accessLogDeliveryStatement(args: AccessLogDeliveryArgs): PolicyStatement {
  return {
    Sid: "AllowServerAccessLogs",
    Effect: "Allow",
    Principal: { Service: "logging.s3.amazonaws.com" },
    Action: ["s3:PutObject"],
    Resource: [`${args.logBucketArn}/${args.prefix}*`],
    Condition: {
      ArnLike: { "aws:SourceArn": [...args.sourceBucketArns] },
      StringEquals: { "aws:SourceAccount": args.accountId },
    },
  };
}

/**
 * X-Ray's write actions: they take no resource ARN (Service Authorization Reference, AWS X-Ray),
 * so `Resource: "*"` is the only way to grant them and MP-IAM-001 allows it for these alone.
 */
export const XRAY_WRITE_ACTIONS = ["xray:PutTraceSegments", "xray:PutTelemetryRecords"] as const;

export interface InferencePolicyArgs {
  bucketArn: string;
  /** Folder of the product's table in the bucket, without slashes at the ends. */
  prefix: string;
  /** The product's KMS key; undefined when the bucket uses S3-managed keys. */
  keyArn: string | undefined;
  region: string;
  logGroupArn: string;
  /** Where failed asynchronous events go, and the key the queue is encrypted with. */
  failureQueue?: { queueArn: string; keyArn: string };
}

/**
 * Read-only on the product's prefix, decrypt on its key only, write to its own log group and
 * traces; with a failure queue, send to it (Lambda delivers on-failure destinations with the
 * function's role) through its key.
 */
export function inferencePolicy(args: InferencePolicyArgs): PolicyDocument {
  const statements: PolicyStatement[] = [
    {
      Sid: "ReadProductObjects",
      Effect: "Allow",
      Action: ["s3:GetObject", "s3:GetObjectVersion"],
      Resource: [`${args.bucketArn}/${args.prefix}/*`],
    },
    {
      Sid: "ListProductPrefix",
      Effect: "Allow",
      Action: ["s3:ListBucket"],
      Resource: [args.bucketArn],
      Condition: { StringLike: { "s3:prefix": [args.prefix, `${args.prefix}/*`] } },
    },
  ];
  if (args.keyArn !== undefined) {
    statements.push({
      Sid: "DecryptProductKey",
      Effect: "Allow",
      Action: ["kms:Decrypt"],
      Resource: [args.keyArn],
      Condition: { StringEquals: { "kms:ViaService": `s3.${args.region}.amazonaws.com` } },
    });
  }
  statements.push(
    {
      Sid: "WriteOwnLogs",
      Effect: "Allow",
      Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
      Resource: [`${args.logGroupArn}:log-stream:*`],
    },
    { Sid: "WriteTraces", Effect: "Allow", Action: [...XRAY_WRITE_ACTIONS], Resource: ["*"] },
  );
  if (args.failureQueue !== undefined) {
    statements.push(
      {
        Sid: "SendFailedEvents",
        Effect: "Allow",
        Action: ["sqs:SendMessage"],
        Resource: [args.failureQueue.queueArn],
      },
      {
        Sid: "EncryptFailedEvents",
        Effect: "Allow",
        Action: ["kms:GenerateDataKey", "kms:Decrypt"],
        Resource: [args.failureQueue.keyArn],
        Condition: { StringEquals: { "kms:ViaService": `sqs.${args.region}.amazonaws.com` } },
      },
    );
  }
  return document(...statements);
}

export interface TelemetryKeyPolicyArgs {
  accountId: string;
  region: string;
  /** The one log group CloudWatch Logs may encrypt with the key. */
  logGroupArn: string;
}

/**
 * Key policy of an inference function's telemetry key: the account administers it through IAM
 * (root), CloudWatch Logs encrypts the function's log group only (encryption context), and
 * CloudWatch alarms may publish to the topic it encrypts (they cannot use the AWS-managed SNS key):
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/encrypt-log-data-kms.html and
 * https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html.
 */
export function telemetryKeyPolicy(args: TelemetryKeyPolicyArgs): PolicyDocument {
  return document(
    {
      Sid: "AccountAdministersKey",
      Effect: "Allow",
      Principal: { AWS: `arn:aws:iam::${args.accountId}:root` },
      Action: ["kms:*"],
      Resource: ["*"],
    },
    {
      Sid: "LogsEncryptOwnLogGroup",
      Effect: "Allow",
      Principal: { Service: `logs.${args.region}.amazonaws.com` },
      Action: [
        "kms:Encrypt*",
        "kms:Decrypt*",
        "kms:ReEncrypt*",
        "kms:GenerateDataKey*",
        "kms:Describe*",
      ],
      Resource: ["*"],
      Condition: { ArnEquals: { "kms:EncryptionContext:aws:logs:arn": args.logGroupArn } },
    },
    {
      Sid: "AlarmsPublishToTopic",
      Effect: "Allow",
      Principal: { Service: "cloudwatch.amazonaws.com" },
      Action: ["kms:Decrypt", "kms:GenerateDataKey*"],
      Resource: ["*"],
    },
  );
}

export interface ReplicationPolicyArgs {
  sourceBucketArn: string;
  replicaBucketArn: string;
  sourceRegion: string;
  replicaRegion: string;
  sourceKeyArn: string | undefined;
  replicaKeyArn: string | undefined;
}

/**
 * The S3 replication role (https://docs.aws.amazon.com/AmazonS3/latest/userguide/setting-repl-config-perm-overview.html).
 * No s3:ReplicateDelete: delete markers are not replicated, so the replica survives deletes.
 */
export function replicationPolicy(args: ReplicationPolicyArgs): PolicyDocument {
  const statements: PolicyStatement[] = [
    {
      Sid: "ReadReplicationConfiguration",
      Effect: "Allow",
      Action: ["s3:GetReplicationConfiguration", "s3:ListBucket"],
      Resource: [args.sourceBucketArn],
    },
    {
      Sid: "ReadSourceVersions",
      Effect: "Allow",
      Action: [
        "s3:GetObjectVersionForReplication",
        "s3:GetObjectVersionAcl",
        "s3:GetObjectVersionTagging",
      ],
      Resource: [`${args.sourceBucketArn}/*`],
    },
    {
      Sid: "WriteReplica",
      Effect: "Allow",
      Action: ["s3:ReplicateObject", "s3:ReplicateTags"],
      Resource: [`${args.replicaBucketArn}/*`],
    },
  ];
  if (args.sourceKeyArn !== undefined) {
    statements.push({
      Sid: "DecryptSource",
      Effect: "Allow",
      Action: ["kms:Decrypt"],
      Resource: [args.sourceKeyArn],
      Condition: { StringEquals: { "kms:ViaService": `s3.${args.sourceRegion}.amazonaws.com` } },
    });
  }
  if (args.replicaKeyArn !== undefined) {
    statements.push({
      Sid: "EncryptReplica",
      Effect: "Allow",
      Action: ["kms:Encrypt", "kms:GenerateDataKey"],
      Resource: [args.replicaKeyArn],
      Condition: { StringEquals: { "kms:ViaService": `s3.${args.replicaRegion}.amazonaws.com` } },
    });
  }
  return document(...statements);
}

/** AWS-managed policies the AWS Backup service role needs for S3 (commercial partition). */
export const BACKUP_MANAGED_POLICIES = [
  "arn:aws:iam::aws:policy/AWSBackupServiceRolePolicyForS3Backup",
  "arn:aws:iam::aws:policy/AWSBackupServiceRolePolicyForS3Restore",
] as const;
