/**
 * IcebergStorage (`meshplane:gcp:IcebergStorage`): the product's warehouse bucket.
 *
 * - bronze/silver: a regional bucket in spec.target.region;
 * - gold: a configurable dual-region (`location` = multi-region code, `customPlacementConfig`
 *   = [region, secondaryRegion]) with turbo replication (`rpo: ASYNC_TURBO`, RPO 15 minutes);
 * - always: the hardened bucket of secure-bucket.ts (uniform bucket-level access, public access
 *   prevention enforced, soft delete for the tier's window, the StorageLifecycle rules), with
 *   object versioning;
 * - internal, confidential, restricted: secure-bucket.ts's Cloud KMS key ring and key (90-day rotation) in
 *   the bucket's location, the GCS service agent allowed to use it, and the key as the bucket's
 *   default key.
 *
 * The bucket, key ring and key are retained on delete and protected for gold.
 */
import type * as gcp from "@pulumi/gcp";
import * as pulumi from "@pulumi/pulumi";
import { checkContextCloud } from "../checks";
import type { ProductContext } from "../context";
import { bucketTablePath } from "../iceberg-table";
import { warehousePlacement, type StoragePlacement } from "./planning/locations";
import { resolveProject } from "./project";
import { secureBucket } from "./secure-bucket";

export interface IcebergStorageArgs {
  context: ProductContext;
  /** GCP project; defaults to the provider's project (`gcp:project`). */
  project?: pulumi.Input<string>;
}

export class IcebergStorage extends pulumi.ComponentResource {
  readonly bucket: gcp.storage.Bucket;
  readonly bucketName: pulumi.Output<string>;
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
    const secured = secureBucket(
      name,
      {
        context,
        bucketName: context.names.gcp.warehouseBucket,
        project: this.project,
        placement,
        protection: "versioning",
      },
      this,
    );
    this.bucket = secured.bucket;
    this.keyRing = secured.key?.keyRing;
    this.cryptoKey = secured.key?.cryptoKey;
    this.kmsKeyId = secured.key?.cryptoKey.id;

    this.bucketName = this.bucket.name;
    this.storageUri = pulumi.interpolate`gs://${this.bucket.name}/${bucketTablePath(context.spec)}`;
    this.registerOutputs({
      bucketName: this.bucketName,
      storageUri: this.storageUri,
      kmsKeyId: this.kmsKeyId,
      location: placement.location,
    });
  }
}
