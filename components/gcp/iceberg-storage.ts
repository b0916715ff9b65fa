/**
 * IcebergStorage (`meshplane:gcp:IcebergStorage`): the product's warehouse bucket.
 *
 * - bronze/silver: a regional bucket in spec.target.region;
 * - gold: a configurable dual-region (`location` = multi-region code, `customPlacementConfig`
 *   = [region, secondaryRegion]) with turbo replication (`rpo: ASYNC_TURBO`, RPO 15 minutes);
 * - always: the hardened bucket of secure-bucket.ts (uniform bucket-level access, public access
 *   prevention enforced, soft delete for the tier's window, the StorageLifecycle rules), with
 *   object versioning;
 * - internal, confidential, restricted: secure-bucket.ts's Cloud KMS key ring and key (90-day
 *   rotation) in the bucket's location, the GCS service agent allowed to use it, and the key as
 *   the bucket's default key;
 * - the product's access-log bucket (access-log-bucket.ts), in the same placement and with the
 *   same key, receiving the warehouse's usage logs (and the gold backup's).
 *
 * The buckets, key ring and key are retained on delete and protected for gold.
 */
import type * as gcp from "@pulumi/gcp";
import * as pulumi from "@pulumi/pulumi";
import { checkContextCloud } from "../checks";
import type { ProductContext } from "../context";
import { bucketTablePath } from "../iceberg-table";
import { warehousePlacement, type StoragePlacement } from "./planning/locations";
import { accessLogBucket } from "./access-log-bucket";
import { resolveProject } from "./project";
import { needsCmek } from "./planning/encryption";
import { bucketKey, secureBucket } from "./secure-bucket";

export interface IcebergStorageArgs {
  context: ProductContext;
  /** GCP project; defaults to the provider's project (`gcp:project`). */
  project?: pulumi.Input<string>;
}

export class IcebergStorage extends pulumi.ComponentResource {
  readonly bucket: gcp.storage.Bucket;
  readonly bucketName: pulumi.Output<string>;
  /** The bucket receiving the product's usage logs (warehouse and backup). */
  readonly logBucket: gcp.storage.Bucket;
  readonly logBucketName: pulumi.Output<string>;
  /** `gs://<bucket>/iceberg/<product>`: where the Iceberg table lives. */
  readonly storageUri: pulumi.Output<string>;
  readonly placement: StoragePlacement;
  readonly keyRing: gcp.kms.KeyRing | undefined;
  readonly cryptoKey: gcp.kms.CryptoKey | undefined;
  /** The CMEK key id, or undefined when Google-managed keys are used. */
  readonly kmsKeyId: pulumi.Output<string> | undefined;
  readonly project: pulumi.Output<string>;

  constructor(name: string, args: IcebergStorageArgs, opts?: pulumi.ComponentResourceOptions) {
    checkContextCloud(args.context, "IcebergStorage", "gcp");
    const { context } = args;
    const placement = warehousePlacement(context.spec.target.region, context.secondaryRegion);
    super("meshplane:gcp:IcebergStorage", name, {}, opts);

    this.placement = placement;
    this.project = resolveProject(args.project, this);
    const key = needsCmek(context.spec.classification)
      ? bucketKey(name, { context, project: this.project, placement }, this)
      : undefined;
    this.logBucket = accessLogBucket(
      name,
      { context, project: this.project, placement, key },
      this,
    );
    this.bucket = secureBucket(
      name,
      {
        context,
        bucketName: context.names.gcp.warehouseBucket,
        project: this.project,
        placement,
        protection: "versioning",
        ...(key === undefined ? {} : { key }),
        logBucket: this.logBucket.name,
      },
      this,
    ).bucket;
    this.keyRing = key?.keyRing;
    this.cryptoKey = key?.cryptoKey;
    this.kmsKeyId = key?.cryptoKey.id;

    this.bucketName = this.bucket.name;
    this.logBucketName = this.logBucket.name;
    this.storageUri = pulumi.interpolate`gs://${this.bucket.name}/${bucketTablePath(context.spec)}`;
    this.registerOutputs({
      bucketName: this.bucketName,
      storageUri: this.storageUri,
      kmsKeyId: this.kmsKeyId,
      logBucketName: this.logBucketName,
      location: placement.location,
    });
  }
}
