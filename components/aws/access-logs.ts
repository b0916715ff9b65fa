/**
 * S3 server access logging of a product's data bucket (MP-LOG-001), as a plain function creating
 * resources under a component parent, like secure-bucket.ts:
 *
 * - a log bucket in the data bucket's region (S3 delivers logs only to a bucket of the same region
 *   and account, never to the bucket itself), hardened like every product bucket but encrypted with
 *   SSE-S3: server access logging cannot write to a bucket whose default encryption is SSE-KMS
 *   (https://docs.aws.amazon.com/AmazonS3/latest/userguide/enable-server-access-logging.html);
 * - its bucket policy lets the S3 logging service write below `access/` for that one source bucket
 *   of this account, and nothing else;
 * - logs tier like data (cool at 30 days, archive at 90) and expire after LOG_RETENTION_DAYS; the
 *   bucket is tagged with that retention, which MP-LIF-001 checks;
 * - the BucketLogging of the source, with date-partitioned keys (Athena can prune by day).
 *
 * Log buckets are data stores: retained on delete (protected for gold) with their source.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { ACCESS_LOG_PREFIX, LOG_LIFECYCLE, LOG_RETENTION_DAYS } from "#contract";
import { dataStoreOptions } from "../checks";
import type { ProductContext } from "../context";
import { accessLogDeliveryStatement } from "./planning/iam";
import { secureBucket } from "./secure-bucket";
import { StorageLifecycle } from "./storage-lifecycle";

export interface ServerAccessLogsArgs {
  context: ProductContext;
  /** Name of the log bucket (names.aws.accessLogBucket or replicaAccessLogBucket). */
  logBucketName: string;
  /** Region of the source bucket, and so of its log bucket. */
  region: string;
  /** The data bucket whose requests are logged. */
  sourceBucket: pulumi.Input<string>;
  sourceBucketArn: pulumi.Input<string>;
}

export interface ServerAccessLogs {
  logBucket: aws.s3.Bucket;
  logging: aws.s3.BucketLogging;
}

/**
 * The log bucket of `args.sourceBucket` and the logging configuration that fills it. `opts` holds
 * the parent (and the provider of the source's region).
 */
export function serverAccessLogs(
  name: string,
  args: ServerAccessLogsArgs,
  opts: pulumi.CustomResourceOptions,
): ServerAccessLogs {
  const { context, region } = args;
  const accountId = aws.getCallerIdentityOutput({}, opts).accountId;
  const secured = secureBucket(
    `${name}-logs`,
    {
      bucketName: args.logBucketName,
      region,
      kmsKeyArn: undefined,
      labels: { ...context.labels, "retention-days": String(LOG_RETENTION_DAYS) },
      grants: (logBucketArn) =>
        pulumi.all([args.sourceBucketArn, accountId]).apply(([sourceArn, account]) => [
          accessLogDeliveryStatement({
            logBucketArn,
            prefix: ACCESS_LOG_PREFIX,
            sourceBucketArns: [sourceArn],
            accountId: account,
          }),
        ]),
    },
    { ...opts, ...dataStoreOptions(context.policy) },
    opts,
  );
  new StorageLifecycle(
    `${name}-logs-lifecycle`,
    {
      context,
      bucket: secured.bucket.bucket,
      region,
      dataPrefix: ACCESS_LOG_PREFIX,
      lifecycle: LOG_LIFECYCLE,
      dependsOn: [secured.versioning],
    },
    opts,
  );
  const logging = new aws.s3.BucketLogging(
    `${name}-access-logging`,
    {
      bucket: args.sourceBucket,
      region,
      targetBucket: secured.bucket.bucket,
      targetPrefix: ACCESS_LOG_PREFIX,
      targetObjectKeyFormat: { partitionedPrefix: { partitionDateSource: "EventTime" } },
    },
    { ...opts, retainOnDelete: true, dependsOn: secured.ready },
  );
  return { logBucket: secured.bucket, logging };
}
