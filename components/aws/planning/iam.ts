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

/** Bucket policy denying every request that does not use TLS (MP-TLS-001). */
export function tlsOnlyBucketPolicy(bucketArn: string): PolicyDocument {
  return document({
    Sid: "DenyInsecureTransport",
    Effect: "Deny",
    Principal: "*",
    Action: ["s3:*"],
    Resource: [bucketArn, `${bucketArn}/*`],
    Condition: { Bool: { "aws:SecureTransport": "false" } },
  });
}

export interface InferencePolicyArgs {
  bucketArn: string;
  /** Folder of the product's table in the bucket, without slashes at the ends. */
  prefix: string;
  /** The product's KMS key; undefined when the bucket uses S3-managed keys. */
  keyArn: string | undefined;
  region: string;
  logGroupArn: string;
}

/** Read-only on the product's prefix, decrypt on its key only, write to its own log group. */
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
  statements.push({
    Sid: "WriteOwnLogs",
    Effect: "Allow",
    Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
    Resource: [`${args.logGroupArn}:log-stream:*`],
  });
  return document(...statements);
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
