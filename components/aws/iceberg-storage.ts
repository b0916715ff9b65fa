/**
 * IcebergStorage (`meshplane:aws:IcebergStorage`): the product's S3 warehouse bucket.
 *
 * - the hardened bucket of secure-bucket.ts in spec.target.region: public access block (all
 *   four), BucketOwnerEnforced, versioning, TLS-only bucket policy;
 * - SSE-KMS with a dedicated customer-managed key (rotation on, alias) and a bucket key for
 *   internal, confidential and restricted data; SSE-S3 for public data (contract/encryption.ts);
 * - the StorageLifecycle rules of the product (its data files tier and expire, never its metadata);
 * - S3 server access logs to a log bucket in the same region (access-logs.ts);
 * - the bucket policy statements of the product's access grants (planning/access.ts).
 *
 * The bucket and key are retained on delete, and protected for gold.
 */
import type * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { usesCustomerManagedKey } from "#contract";
import { checkContextCloud, dataStoreOptions } from "../checks";
import type { ProductContext } from "../context";
import { bucketTablePath, dataFilesPrefix } from "../iceberg-table";
import { serverAccessLogs } from "./access-logs";
import { grantBucketStatements } from "./planning/access";
import { productKey, secureBucket } from "./secure-bucket";
import { StorageLifecycle } from "./storage-lifecycle";

export interface IcebergStorageArgs {
  context: ProductContext;
}

export class IcebergStorage extends pulumi.ComponentResource {
  readonly bucket: aws.s3.Bucket;
  readonly bucketName: pulumi.Output<string>;
  readonly bucketArn: pulumi.Output<string>;
  /** `s3://<bucket>/iceberg/<product>`: where the Iceberg table lives. */
  readonly storageUri: pulumi.Output<string>;
  /** Table folder inside the bucket (no slashes at the ends). */
  readonly tablePath: string;
  readonly region: string;
  readonly key: aws.kms.Key | undefined;
  /** ARN of the customer-managed key, or undefined when the bucket uses SSE-S3. */
  readonly kmsKeyArn: pulumi.Output<string> | undefined;
  readonly versioning: aws.s3.BucketVersioning;
  readonly lifecycle: StorageLifecycle;
  /** The bucket that receives the warehouse's S3 server access logs, in the same region. */
  readonly accessLogBucket: aws.s3.Bucket;
  /** The bucket's hardening resources: wait for these before writing or wiring events. */
  readonly ready: pulumi.Resource[];

  constructor(name: string, args: IcebergStorageArgs, opts?: pulumi.ComponentResourceOptions) {
    checkContextCloud(args.context, "IcebergStorage", "aws");
    const { context } = args;
    super("meshplane:aws:IcebergStorage", name, {}, opts);

    this.region = context.spec.target.region;
    this.tablePath = bucketTablePath(context.spec);
    const keep = { parent: this, ...dataStoreOptions(context.policy) };
    const product = `${context.spec.domain}/${context.spec.name}`;

    if (usesCustomerManagedKey(context.spec.classification)) {
      const { key } = productKey(
        name,
        {
          alias: context.names.aws.kmsAlias,
          description: `Meshplane: data of ${product} (${context.environment})`,
          region: this.region,
          labels: context.labels,
        },
        keep,
      );
      this.key = key;
      this.kmsKeyArn = key.arn;
    }

    const secured = secureBucket(
      name,
      {
        bucketName: context.names.aws.warehouseBucket,
        region: this.region,
        kmsKeyArn: this.kmsKeyArn,
        labels: context.labels,
        // Access grants (access-grant.ts) read the table's prefix: S3 keeps one policy per bucket.
        grants: (bucketArn) =>
          context.grants.flatMap((grant) =>
            grantBucketStatements(grant, bucketArn, this.tablePath),
          ),
      },
      keep,
      { parent: this },
    );
    this.bucket = secured.bucket;
    this.versioning = secured.versioning;
    this.ready = secured.ready;
    this.lifecycle = new StorageLifecycle(
      `${name}-lifecycle`,
      {
        context,
        bucket: this.bucket.bucket,
        region: this.region,
        dataPrefix: dataFilesPrefix(this.tablePath),
        dependsOn: [secured.versioning],
      },
      { parent: this },
    );

    this.accessLogBucket = serverAccessLogs(
      name,
      {
        context,
        logBucketName: context.names.aws.accessLogBucket,
        region: this.region,
        sourceBucket: this.bucket.bucket,
        sourceBucketArn: this.bucket.arn,
      },
      { parent: this },
    ).logBucket;

    this.bucketName = this.bucket.bucket;
    this.bucketArn = this.bucket.arn;
    this.storageUri = pulumi.interpolate`s3://${this.bucket.bucket}/${this.tablePath}`;
    this.registerOutputs({
      bucketName: this.bucketName,
      bucketArn: this.bucketArn,
      storageUri: this.storageUri,
      kmsKeyArn: this.kmsKeyArn,
      region: this.region,
    });
  }
}
