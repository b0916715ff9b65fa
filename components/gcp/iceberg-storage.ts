/**
 * IcebergStorage (`meshplane:gcp:IcebergStorage`): the product's warehouse bucket.
 *
 * - bronze/silver: a regional bucket in spec.target.region;
 * - gold: a configurable dual-region (`location` = multi-region code, `customPlacementConfig`
 *   = [region, secondaryRegion]) with turbo replication (`rpo: ASYNC_TURBO`, RPO 15 minutes);
 * - always: uniform bucket-level access, public access prevention enforced, versioning, soft
 *   delete for the tier's window, the StorageLifecycle rules;
 * - confidential/restricted: a Cloud KMS key ring and key (90-day rotation) in the bucket's
 *   location, the GCS service agent allowed to use it, and the key as the bucket's default key.
 *
 * The bucket, key ring and key are retained on delete and protected for gold.
 */
import * as gcp from "@pulumi/gcp";
import * as pulumi from "@pulumi/pulumi";
import { checkContextCloud, dataStoreOptions } from "../checks";
import type { ProductContext } from "../context";
import { KEY_ROTATION_PERIOD, needsCmek } from "./planning/encryption";
import { ROLES, serviceAccountMember } from "./planning/iam";
import { softDeleteSeconds } from "./planning/lifecycle";
import { warehousePlacement, type StoragePlacement } from "./planning/locations";
import { resolveProject } from "./project";
import { StorageLifecycle } from "./storage-lifecycle";

export interface IcebergStorageArgs {
  context: ProductContext;
  /** GCP project; defaults to the provider's project (`gcp:project`). */
  project?: pulumi.Input<string>;
}

/** Folder of the product's Iceberg table inside the warehouse bucket. */
export function icebergTablePath(context: ProductContext): string {
  return `iceberg/${context.spec.name}`;
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
    const keep = dataStoreOptions(context.policy);
    const labels = context.labels;

    const dependsOn: pulumi.Resource[] = [];
    if (needsCmek(context.spec.classification)) {
      this.keyRing = new gcp.kms.KeyRing(
        `${name}-keyring`,
        {
          name: context.names.gcp.kmsKeyRing,
          location: placement.kmsLocation,
          project: this.project,
        },
        { parent: this, ...keep },
      );
      this.cryptoKey = new gcp.kms.CryptoKey(
        `${name}-key`,
        {
          name: context.names.gcp.kmsKey,
          keyRing: this.keyRing.id,
          purpose: "ENCRYPT_DECRYPT",
          rotationPeriod: KEY_ROTATION_PERIOD,
          labels,
        },
        { parent: this, ...keep },
      );
      const agent = gcp.storage.getProjectServiceAccountOutput(
        { project: this.project },
        { parent: this },
      );
      dependsOn.push(
        new gcp.kms.CryptoKeyIAMMember(
          `${name}-gcs-agent-key`,
          {
            cryptoKeyId: this.cryptoKey.id,
            role: ROLES.kmsEncrypterDecrypter,
            member: agent.emailAddress.apply(serviceAccountMember),
          },
          { parent: this },
        ),
      );
      this.kmsKeyId = this.cryptoKey.id;
    }

    this.bucket = new gcp.storage.Bucket(
      `${name}-bucket`,
      {
        name: context.names.gcp.warehouseBucket,
        project: this.project,
        location: placement.location,
        ...(placement.dataLocations === undefined
          ? {}
          : {
              customPlacementConfig: { dataLocations: [...placement.dataLocations] },
              rpo: placement.rpo,
            }),
        storageClass: "STANDARD",
        uniformBucketLevelAccess: true,
        publicAccessPrevention: "enforced",
        versioning: { enabled: true },
        softDeletePolicy: {
          retentionDurationSeconds: softDeleteSeconds(context.policy.softDeleteDays),
        },
        lifecycleRules: StorageLifecycle.forProduct(context).bucketRules,
        ...(this.kmsKeyId === undefined
          ? {}
          : { encryption: { defaultKmsKeyName: this.kmsKeyId } }),
        forceDestroy: false,
        labels,
      },
      { parent: this, dependsOn, ...keep },
    );

    this.bucketName = this.bucket.name;
    this.storageUri = pulumi.interpolate`gs://${this.bucket.name}/${icebergTablePath(context)}`;
    this.registerOutputs({
      bucketName: this.bucketName,
      storageUri: this.storageUri,
      kmsKeyId: this.kmsKeyId,
      location: placement.location,
    });
  }
}
