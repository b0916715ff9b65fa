/**
 * The hardened S3 bucket every product data store uses (the warehouse and the gold replica), as
 * plain functions creating resources under a component parent: one definition of "secure" for
 * both, so they cannot drift apart.
 *
 * - a dedicated KMS key (rotation on, 30-day deletion window) and its alias, when the
 *   classification needs one (planning/encryption.ts);
 * - public access block with all four settings on, BucketOwnerEnforced (ACLs off), versioning;
 * - default encryption SSE-KMS with the key and an S3 bucket key (fewer KMS calls), or SSE-S3;
 * - a bucket policy that denies every request without TLS.
 *
 * Every resource names its region explicitly: a data store's region is then visible on the
 * resource itself (the geo-copy policy checks it) and a provider configured for another region
 * cannot move the data.
 *
 * The side resources are retained on delete like the bucket: deleting them would suspend
 * versioning, drop the public access block, the default encryption and the TLS-only policy of a
 * bucket that outlives its stack.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { KEY_DELETION_WINDOW_DAYS, KEY_ROTATION_DAYS } from "./planning/encryption";
import { policyJson, tlsOnlyBucketPolicy, type PolicyStatement } from "./planning/iam";

export interface KeyArgs {
  alias: string;
  description: string;
  region: string;
  labels: Record<string, string>;
  /** Key policy JSON; default AWS's (the account administers the key through IAM). */
  policy?: pulumi.Input<string>;
}

export function productKey(
  name: string,
  args: KeyArgs,
  opts: pulumi.CustomResourceOptions,
): { key: aws.kms.Key; alias: aws.kms.Alias } {
  const key = new aws.kms.Key(
    `${name}-key`,
    {
      description: args.description,
      keyUsage: "ENCRYPT_DECRYPT",
      customerMasterKeySpec: "SYMMETRIC_DEFAULT",
      enableKeyRotation: true,
      rotationPeriodInDays: KEY_ROTATION_DAYS,
      deletionWindowInDays: KEY_DELETION_WINDOW_DAYS,
      region: args.region,
      ...(args.policy === undefined ? {} : { policy: args.policy }),
      tags: args.labels,
    },
    opts,
  );
  const alias = new aws.kms.Alias(
    `${name}-key-alias`,
    { name: args.alias, targetKeyId: key.keyId, region: args.region },
    { parent: opts.parent, ...(opts.provider === undefined ? {} : { provider: opts.provider }) },
  );
  return { key, alias };
}

export interface SecureBucketArgs {
  bucketName: string;
  region: string;
  /** KMS key ARN for SSE-KMS; undefined for SSE-S3. */
  kmsKeyArn: pulumi.Input<string> | undefined;
  labels: Record<string, string>;
  /** Grants of the bucket policy after its TLS-only statement, from the bucket's ARN. */
  grants?: (bucketArn: string) => pulumi.Input<PolicyStatement[]>;
}

export interface SecureBucket {
  bucket: aws.s3.Bucket;
  versioning: aws.s3.BucketVersioning;
  publicAccessBlock: aws.s3.BucketPublicAccessBlock;
  /** Everything a dependent (a replication rule, a notification) should wait for. */
  ready: pulumi.Resource[];
}

export function secureBucket(
  name: string,
  args: SecureBucketArgs,
  storeOpts: pulumi.CustomResourceOptions,
  sideResourceOpts: pulumi.CustomResourceOptions,
): SecureBucket {
  const region = args.region;
  const sideOpts = { ...sideResourceOpts, retainOnDelete: true };
  const bucket = new aws.s3.Bucket(
    `${name}-bucket`,
    { bucket: args.bucketName, forceDestroy: false, region, tags: args.labels },
    storeOpts,
  );
  const side = { bucket: bucket.bucket, region };
  const publicAccessBlock = new aws.s3.BucketPublicAccessBlock(
    `${name}-public-access-block`,
    {
      ...side,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    },
    sideOpts,
  );
  const ownership = new aws.s3.BucketOwnershipControls(
    `${name}-ownership`,
    { ...side, rule: { objectOwnership: "BucketOwnerEnforced" } },
    sideOpts,
  );
  const versioning = new aws.s3.BucketVersioning(
    `${name}-versioning`,
    { ...side, versioningConfiguration: { status: "Enabled" } },
    sideOpts,
  );
  const encryption = new aws.s3.BucketServerSideEncryptionConfiguration(
    `${name}-encryption`,
    {
      ...side,
      rules: [
        args.kmsKeyArn === undefined
          ? { applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }
          : {
              applyServerSideEncryptionByDefault: {
                sseAlgorithm: "aws:kms",
                kmsMasterKeyId: args.kmsKeyArn,
              },
              bucketKeyEnabled: true,
            },
      ],
    },
    sideOpts,
  );
  // After the public access block, so the policy is never evaluated against an open bucket.
  const policy = new aws.s3.BucketPolicy(
    `${name}-tls-only`,
    {
      ...side,
      policy: bucket.arn.apply((arn) =>
        pulumi
          .output(args.grants?.(arn) ?? [])
          .apply((grants) => policyJson(tlsOnlyBucketPolicy(arn, grants))),
      ),
    },
    { ...sideOpts, dependsOn: [publicAccessBlock] },
  );
  return {
    bucket,
    versioning,
    publicAccessBlock,
    ready: [publicAccessBlock, ownership, versioning, encryption, policy],
  };
}

/** `{ parent, provider }` without undefined members, for the side resources of a component. */
export function childOptions(
  parent: pulumi.Resource,
  provider: pulumi.ProviderResource | undefined,
): pulumi.CustomResourceOptions {
  return provider === undefined ? { parent } : { parent, provider };
}
