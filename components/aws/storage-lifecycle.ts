/**
 * StorageLifecycle (`meshplane:aws:StorageLifecycle`): the BucketLifecycleConfiguration of one
 * product bucket, from the product's lifecycle days and its tier's noncurrent-version window;
 * tiering and age expiry act on `dataPrefix` only (planning/lifecycle.ts has the rules and why).
 *
 * S3 keeps one lifecycle configuration per bucket, so exactly one StorageLifecycle may target a
 * bucket. It waits for the bucket's versioning: noncurrent-version rules mean nothing before it.
 * It is retained on delete with its bucket, so a retained bucket keeps honouring its retention.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { LifecycleDays } from "#contract";
import { checkContextCloud, requireArg } from "../checks";
import type { ProductContext } from "../context";
import { lifecycleRules, type S3LifecycleRule } from "./planning/lifecycle";

export interface StorageLifecycleArgs {
  context: ProductContext;
  /** Name of the bucket the rules apply to. */
  bucket: pulumi.Input<string>;
  /** Region of that bucket. */
  region: string;
  /** Days to apply; default the product's resolved lifecycle (context.lifecycle). */
  lifecycle?: LifecycleDays;
  /** The objects that tier and expire by age: a table's data files (`dataFilesPrefix`), or logs. */
  dataPrefix: string;
  /** Let current versions move to DEEP_ARCHIVE (copies that are never queried); default false. */
  allowDeepArchive?: boolean;
  /** Resources to wait for, e.g. the bucket's versioning. */
  dependsOn?: pulumi.Resource[];
}

export class StorageLifecycle extends pulumi.ComponentResource {
  readonly rules: S3LifecycleRule[];
  readonly configuration: aws.s3.BucketLifecycleConfiguration;

  constructor(name: string, args: StorageLifecycleArgs, opts?: pulumi.ComponentResourceOptions) {
    checkContextCloud(args.context, "StorageLifecycle", "aws");
    requireArg(args.bucket, "StorageLifecycle", "bucket");
    requireArg(args.dataPrefix, "StorageLifecycle", "dataPrefix");
    const rules = lifecycleRules({
      lifecycle: args.lifecycle ?? args.context.lifecycle,
      noncurrentDays: args.context.policy.softDeleteDays,
      allowDeepArchive: args.allowDeepArchive ?? false,
      dataPrefix: args.dataPrefix,
    });
    super("meshplane:aws:StorageLifecycle", name, {}, opts);

    this.rules = rules;
    this.configuration = new aws.s3.BucketLifecycleConfiguration(
      `${name}-rules`,
      { bucket: args.bucket, region: args.region, rules },
      { parent: this, dependsOn: args.dependsOn ?? [], retainOnDelete: true },
    );
    this.registerOutputs({ rules: this.rules });
  }
}
