/**
 * GeoBackup (`meshplane:gcp:GeoBackup`): the gold tier's backup that survives deletes.
 *
 * Dual-region replication copies deletes and overwrites as faithfully as writes, so gold also
 * gets a daily Storage Transfer Service copy into a separate backup bucket:
 *
 * - the hardened bucket of secure-bucket.ts, in the secondary region, as a regional bucket (see
 *   planning/locations.ts `backupPlacement`: the product owner approved exactly these two regions);
 * - a bucket retention policy of the product's retention days, locked (gold is the only tier
 *   with a backup): no object can be deleted or replaced before then, not by a mistaken
 *   pipeline, not by the transfer job, and the policy itself can never be shortened or removed
 *   (control MP-BAK-002).
 *   Cloud Storage does not allow Object Versioning together with a retention policy (they are
 *   mutually exclusive), and the retention policy is the stronger guarantee for a backup, so the
 *   backup bucket is not versioned; soft delete still covers the window after expiry;
 * - the transfer job copies new and changed objects daily (overwriteWhen DIFFERENT) and never
 *   deletes, neither from the source nor objects that exist only in the backup;
 * - usage logs into the product's log bucket (`logBucket`, IcebergStorage's), when given;
 * - the Storage Transfer Service agent gets read on the source (objectViewer +
 *   legacyBucketReader) and write on the backup bucket (legacyBucketWriter), nothing else;
 * - internal, confidential, restricted: secure-bucket.ts's CMEK key ring and key in the secondary region (a key must be in
 *   its bucket's location) with the GCS service agent allowed to use it. The transfer agent needs
 *   no KMS role: Cloud Storage decrypts and encrypts for any caller allowed to read or write.
 */
import * as gcp from "@pulumi/gcp";
import * as pulumi from "@pulumi/pulumi";
import { checkContextCloud, requireArg } from "../checks";
import type { ProductContext } from "../context";
import { ROLES, serviceAccountMember } from "./planning/iam";
import { DAY_SECONDS } from "./planning/lifecycle";
import { backupPlacement, type StoragePlacement } from "./planning/locations";
import { resolveProject } from "./project";
import { secureBucket } from "./secure-bucket";

export interface GeoBackupArgs {
  context: ProductContext;
  /** Name of the bucket to back up (the warehouse bucket). */
  sourceBucket: pulumi.Input<string>;
  /** GCP project; defaults to the provider's project (`gcp:project`). */
  project?: pulumi.Input<string>;
  /** UTC hour at which the daily copy starts (0-23); default 2. */
  startHourUtc?: number;
  /** Bucket receiving the backup bucket's usage logs (IcebergStorage.logBucketName). */
  logBucket?: pulumi.Input<string>;
}

/** A fixed date in the past: the job runs daily from the day after it is created. */
const BACKUP_SCHEDULE_START = { year: 2026, month: 1, day: 1 } as const;
const BACKUP_REPEAT_INTERVAL = `${DAY_SECONDS}s`;

export class GeoBackup extends pulumi.ComponentResource {
  readonly bucket: gcp.storage.Bucket;
  readonly bucketName: pulumi.Output<string>;
  /** `gs://<backup bucket>`. */
  readonly uri: pulumi.Output<string>;
  /** Region holding the backup (the product's secondary region). */
  readonly location: string;
  readonly placement: StoragePlacement;
  readonly transferJob: gcp.storage.TransferJob;
  readonly keyRing: gcp.kms.KeyRing | undefined;
  readonly cryptoKey: gcp.kms.CryptoKey | undefined;
  readonly project: pulumi.Output<string>;

  constructor(name: string, args: GeoBackupArgs, opts?: pulumi.ComponentResourceOptions) {
    checkContextCloud(args.context, "GeoBackup", "gcp");
    const { context } = args;
    if (!context.policy.geoBackup || context.secondaryRegion === undefined) {
      throw new Error(
        `GeoBackup: context is a ${context.spec.tier} product; only tiers with a geo backup (gold) get one`,
      );
    }
    requireArg(args.sourceBucket, "GeoBackup", "sourceBucket");
    const startHour = args.startHourUtc ?? 2;
    if (!Number.isInteger(startHour) || startHour < 0 || startHour > 23) {
      throw new Error(`GeoBackup: startHourUtc must be an hour from 0 to 23, got ${startHour}`);
    }
    const placement = backupPlacement(context.secondaryRegion);
    super("meshplane:gcp:GeoBackup", name, {}, opts);

    this.placement = placement;
    this.location = context.secondaryRegion;
    this.project = resolveProject(args.project, this);
    const secured = secureBucket(
      name,
      {
        context,
        bucketName: context.names.gcp.backupBucket,
        project: this.project,
        placement,
        protection: "retention",
        ...(args.logBucket === undefined ? {} : { logBucket: args.logBucket }),
      },
      this,
    );
    this.bucket = secured.bucket;
    this.keyRing = secured.key?.keyRing;
    this.cryptoKey = secured.key?.cryptoKey;

    this.transferJob = this.dailyTransfer(name, args, startHour);

    this.bucketName = this.bucket.name;
    this.uri = pulumi.interpolate`gs://${this.bucket.name}`;
    this.registerOutputs({
      bucketName: this.bucketName,
      uri: this.uri,
      location: this.location,
      transferJob: this.transferJob.name,
    });
  }

  /**
   * The Storage Transfer Service job, and what its agent may do: read the source, write the
   * backup bucket, nothing else.
   */
  private dailyTransfer(
    name: string,
    args: GeoBackupArgs,
    startHour: number,
  ): gcp.storage.TransferJob {
    const transferAgent = gcp.storage
      .getTransferProjectServiceAccountOutput({ project: this.project }, { parent: this })
      .email.apply(serviceAccountMember);
    const grants: [string, pulumi.Input<string>, string][] = [
      ["source-viewer", args.sourceBucket, ROLES.objectViewer],
      ["source-reader", args.sourceBucket, ROLES.legacyBucketReader],
      ["backup-writer", this.bucket.name, ROLES.legacyBucketWriter],
    ];
    const iam = grants.map(
      ([suffix, bucket, role]) =>
        new gcp.storage.BucketIAMMember(
          `${name}-sts-${suffix}`,
          { bucket, role, member: transferAgent },
          { parent: this },
        ),
    );

    return new gcp.storage.TransferJob(
      `${name}-transfer`,
      {
        description: `Meshplane daily backup of ${args.context.names.gcp.warehouseBucket}`,
        project: this.project,
        status: "ENABLED",
        schedule: {
          scheduleStartDate: { ...BACKUP_SCHEDULE_START },
          startTimeOfDay: { hours: startHour, minutes: 0, seconds: 0, nanos: 0 },
          repeatInterval: BACKUP_REPEAT_INTERVAL,
        },
        transferSpec: {
          gcsDataSource: { bucketName: args.sourceBucket },
          gcsDataSink: { bucketName: this.bucket.name },
          transferOptions: {
            overwriteWhen: "DIFFERENT",
            deleteObjectsUniqueInSink: false,
            deleteObjectsFromSourceAfterTransfer: false,
          },
        },
      },
      { parent: this, dependsOn: iam },
    );
  }
}
