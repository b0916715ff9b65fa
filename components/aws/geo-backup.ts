/**
 * GeoBackup (`meshplane:aws:GeoBackup`): the gold tier's copy in a second region and its backups.
 *
 * - a replica bucket in the secondary region, hardened like the warehouse (secure-bucket.ts),
 *   with its own KMS key there (a KMS key never leaves its region) when the product uses one,
 *   and the product's lifecycle with DEEP_ARCHIVE allowed (nobody queries the replica);
 * - S3 replication of every new object version (Replication Time Control: 15 minutes, the gold
 *   RPO), SSE-KMS objects re-encrypted with the replica key, delete markers NOT replicated so a
 *   delete in the primary leaves the replica intact; its IAM role may do exactly that
 *   (planning/iam.ts `replicationPolicy`). It depends on both buckets' versioning;
 * - AWS Backup: a vault in each region (encrypted with the product key of that region), a plan
 *   with daily (30 days) and monthly (12 months) backups copied to the secondary vault, and a
 *   selection of the warehouse bucket assumed by a role with the AWS-managed S3 backup and
 *   restore policies.
 *
 * Secondary-region resources use `secondaryProvider`, or an aws.Provider pinned to the secondary
 * region that this component creates; they also name the region explicitly. Buckets, keys and
 * vaults are retained on delete and protected (gold).
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { checkContextCloud, dataStoreOptions, requireArg } from "../checks";
import type { ProductContext } from "../context";
import { backupRules } from "./planning/backup";
import { usesCustomerManagedKey } from "./planning/encryption";
import {
  BACKUP_MANAGED_POLICIES,
  policyJson,
  replicationPolicy,
  serviceTrustPolicy,
} from "./planning/iam";
import { regionProvider } from "./providers";
import { childOptions, productKey, secureBucket } from "./secure-bucket";
import { StorageLifecycle } from "./storage-lifecycle";

export interface GeoBackupArgs {
  context: ProductContext;
  /** The warehouse bucket (IcebergStorage.bucketName / bucketArn). */
  sourceBucket: pulumi.Input<string>;
  sourceBucketArn: pulumi.Input<string>;
  /** The warehouse's KMS key ARN; undefined when it uses SSE-S3. */
  sourceKeyArn: pulumi.Input<string> | undefined;
  /** The warehouse's BucketVersioning: replication needs versioning on both sides first. */
  sourceVersioning: pulumi.Resource;
  /** Provider for the secondary region; default a provider pinned to context.secondaryRegion. */
  secondaryProvider?: pulumi.ProviderResource;
}

/** Replication Time Control: S3 replicates 99.99 % of objects within 15 minutes. */
export const REPLICATION_TIME_MINUTES = 15;

export class GeoBackup extends pulumi.ComponentResource {
  readonly region: string;
  readonly replicaBucket: aws.s3.Bucket;
  readonly replicaBucketName: pulumi.Output<string>;
  /** `s3://<replica bucket>`. */
  readonly replicaUri: pulumi.Output<string>;
  readonly replicaKey: aws.kms.Key | undefined;
  readonly replication: aws.s3.BucketReplicationConfig;
  readonly replicationRole: aws.iam.Role;
  readonly vault: aws.backup.Vault;
  readonly replicaVault: aws.backup.Vault;
  readonly plan: aws.backup.Plan;
  readonly selection: aws.backup.Selection;

  constructor(name: string, args: GeoBackupArgs, opts?: pulumi.ComponentResourceOptions) {
    checkContextCloud(args.context, "GeoBackup", "aws");
    const { context } = args;
    const secondaryRegion = context.secondaryRegion;
    if (!context.policy.geoBackup || secondaryRegion === undefined) {
      throw new Error(
        `GeoBackup: context is a ${context.spec.tier} product; only tiers with a geo backup (gold) get one`,
      );
    }
    requireArg(args.sourceBucket, "GeoBackup", "sourceBucket");
    requireArg(args.sourceBucketArn, "GeoBackup", "sourceBucketArn");
    requireArg(args.sourceVersioning, "GeoBackup", "sourceVersioning");
    const cmk = usesCustomerManagedKey(context.spec.classification);
    if (cmk && args.sourceKeyArn === undefined) {
      throw new Error(
        `GeoBackup: a ${context.spec.classification} product's bucket uses a KMS key; pass sourceKeyArn`,
      );
    }
    super("meshplane:aws:GeoBackup", name, {}, opts);

    this.region = secondaryRegion;
    const primaryRegion = context.spec.target.region;
    const labels = context.labels;
    const names = context.names.aws;
    const secondary =
      args.secondaryProvider ??
      regionProvider(`${name}-${secondaryRegion}`, secondaryRegion, { parent: this });
    const remote = childOptions(this, secondary);
    const remoteStore = { ...remote, ...dataStoreOptions(context.policy) };
    const localStore = { parent: this, ...dataStoreOptions(context.policy) };

    const replicaKey = cmk
      ? productKey(
          `${name}-replica`,
          {
            alias: names.replicaKmsAlias,
            description: `Meshplane: replica of ${context.spec.domain}/${context.spec.name} (${context.environment})`,
            region: secondaryRegion,
            labels,
          },
          remoteStore,
        ).key
      : undefined;
    this.replicaKey = replicaKey;

    const replica = secureBucket(
      `${name}-replica`,
      {
        bucketName: names.replicaBucket,
        region: secondaryRegion,
        kmsKeyArn: replicaKey?.arn,
        labels,
      },
      remoteStore,
      remote,
    );
    this.replicaBucket = replica.bucket;
    new StorageLifecycle(
      `${name}-replica-lifecycle`,
      {
        context,
        bucket: replica.bucket.bucket,
        region: secondaryRegion,
        allowDeepArchive: true,
        dependsOn: [replica.versioning],
      },
      remote,
    );

    this.replicationRole = new aws.iam.Role(
      `${name}-replication-role`,
      {
        name: names.replicationRole,
        description: `S3 replication of ${names.warehouseBucket} to ${names.replicaBucket}`,
        assumeRolePolicy: policyJson(serviceTrustPolicy("s3.amazonaws.com")),
        tags: labels,
      },
      { parent: this },
    );
    const replicationGrant = new aws.iam.RolePolicy(
      `${name}-replication-policy`,
      {
        role: this.replicationRole.name,
        policy: pulumi
          .all([args.sourceBucketArn, replica.bucket.arn, args.sourceKeyArn, replicaKey?.arn])
          .apply(([sourceBucketArn, replicaBucketArn, sourceKeyArn, replicaKeyArn]) =>
            policyJson(
              replicationPolicy({
                sourceBucketArn,
                replicaBucketArn,
                sourceRegion: primaryRegion,
                replicaRegion: secondaryRegion,
                sourceKeyArn,
                replicaKeyArn,
              }),
            ),
          ),
      },
      { parent: this },
    );

    this.replication = new aws.s3.BucketReplicationConfig(
      `${name}-replication`,
      {
        bucket: args.sourceBucket,
        region: primaryRegion,
        role: this.replicationRole.arn,
        rules: [
          {
            id: "geo-copy",
            status: "Enabled",
            priority: 1,
            filter: { prefix: "" },
            deleteMarkerReplication: { status: "Disabled" },
            ...(cmk
              ? { sourceSelectionCriteria: { sseKmsEncryptedObjects: { status: "Enabled" } } }
              : {}),
            destination: {
              bucket: replica.bucket.arn,
              storageClass: "STANDARD",
              ...(replicaKey === undefined
                ? {}
                : { encryptionConfiguration: { replicaKmsKeyId: replicaKey.arn } }),
              replicationTime: { status: "Enabled", time: { minutes: REPLICATION_TIME_MINUTES } },
              metrics: { status: "Enabled", eventThreshold: { minutes: REPLICATION_TIME_MINUTES } },
            },
          },
        ],
      },
      { parent: this, dependsOn: [args.sourceVersioning, replica.versioning, replicationGrant] },
    );

    this.replicaVault = new aws.backup.Vault(
      `${name}-replica-vault`,
      {
        name: names.replicaBackupVault,
        region: secondaryRegion,
        forceDestroy: false,
        ...(replicaKey === undefined ? {} : { kmsKeyArn: replicaKey.arn }),
        tags: labels,
      },
      remoteStore,
    );
    const sourceKeyArn = args.sourceKeyArn;
    this.vault = new aws.backup.Vault(
      `${name}-vault`,
      {
        name: names.backupVault,
        region: primaryRegion,
        forceDestroy: false,
        ...(sourceKeyArn === undefined ? {} : { kmsKeyArn: sourceKeyArn }),
        tags: labels,
      },
      localStore,
    );
    this.plan = new aws.backup.Plan(
      `${name}-plan`,
      {
        name: names.backupPlan,
        region: primaryRegion,
        rules: pulumi
          .all([this.vault.name, this.replicaVault.arn])
          .apply(([vaultName, copyVaultArn]) => backupRules({ vaultName, copyVaultArn })),
        tags: labels,
      },
      { parent: this },
    );
    const backupRole = new aws.iam.Role(
      `${name}-backup-role`,
      {
        name: names.backupRole,
        description: `AWS Backup of ${names.warehouseBucket}`,
        assumeRolePolicy: policyJson(serviceTrustPolicy("backup.amazonaws.com")),
        tags: labels,
      },
      { parent: this },
    );
    const attachments = BACKUP_MANAGED_POLICIES.map(
      (policyArn, index) =>
        new aws.iam.RolePolicyAttachment(
          `${name}-backup-role-policy-${index}`,
          { role: backupRole.name, policyArn },
          { parent: this },
        ),
    );
    this.selection = new aws.backup.Selection(
      `${name}-selection`,
      {
        name: `${context.spec.name}-warehouse`.slice(0, 50),
        region: primaryRegion,
        planId: this.plan.id,
        iamRoleArn: backupRole.arn,
        resources: [args.sourceBucketArn],
      },
      { parent: this, dependsOn: [...attachments, args.sourceVersioning] },
    );

    this.replicaBucketName = this.replicaBucket.bucket;
    this.replicaUri = pulumi.interpolate`s3://${this.replicaBucket.bucket}`;
    this.registerOutputs({
      region: this.region,
      replicaBucketName: this.replicaBucketName,
      replicaUri: this.replicaUri,
      vaultArn: this.vault.arn,
      replicaVaultArn: this.replicaVault.arn,
      planId: this.plan.id,
    });
  }
}
