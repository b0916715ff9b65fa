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
 * - AWS Backup: a vault in each region (encrypted with the product key of that region), each
 *   locked in compliance mode; a plan with daily (30 days) and monthly (12 months) backups copied
 *   to the secondary vault and continuous backup (point-in-time restore, 35 days); a selection of
 *   the warehouse bucket assumed by a role with the AWS-managed S3 backup and restore policies;
 * - S3 server access logs of the replica to a log bucket in the secondary region.
 *
 * Secondary-region resources use `secondaryProvider`, or an aws.Provider pinned to the secondary
 * region that this component creates; they also name the region explicitly. Buckets, keys and
 * vaults are retained on delete and protected (gold).
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { usesCustomerManagedKey } from "#contract";
import { checkContextCloud, dataStoreOptions, requireArg } from "../checks";
import type { ProductContext } from "../context";
import { bucketTablePath, dataFilesPrefix } from "../iceberg-table";
import { serverAccessLogs } from "./access-logs";
import { VAULT_LOCK, backupRules } from "./planning/backup";
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
const REPLICATION_TIME_MINUTES = 15;

/** The replica bucket in the secondary region, and its KMS key when the product has one. */
interface Replica {
  bucket: aws.s3.Bucket;
  key: aws.kms.Key | undefined;
  versioning: aws.s3.BucketVersioning;
}

/** The IAM role S3 replication assumes, and the grant it must have before replicating. */
interface ReplicationRole {
  role: aws.iam.Role;
  grant: aws.iam.RolePolicy;
}

/** Checks the args before anything registers; returns the secondary region. */
function checkArgs(args: GeoBackupArgs): string {
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
  if (usesCustomerManagedKey(context.spec.classification) && args.sourceKeyArn === undefined) {
    throw new Error(
      `GeoBackup: a ${context.spec.classification} product's bucket uses a KMS key; pass sourceKeyArn`,
    );
  }
  return secondaryRegion;
}

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
  /** The compliance-mode locks of both vaults (planning/backup.ts VAULT_LOCK). */
  readonly vaultLocks: aws.backup.VaultLockConfiguration[];
  readonly plan: aws.backup.Plan;
  readonly selection: aws.backup.Selection;

  constructor(name: string, args: GeoBackupArgs, opts?: pulumi.ComponentResourceOptions) {
    const secondaryRegion = checkArgs(args);
    super("meshplane:aws:GeoBackup", name, {}, opts);

    const { context } = args;
    const names = context.names.aws;
    this.region = secondaryRegion;
    const secondary =
      args.secondaryProvider ??
      regionProvider(`${name}-${secondaryRegion}`, secondaryRegion, { parent: this });
    const remote = childOptions(this, secondary);

    const replica = this.replica(name, context, remote);
    this.replicaBucket = replica.bucket;
    this.replicaKey = replica.key;
    const replicationRole = this.replicationRoleFor(name, args, replica);
    this.replicationRole = replicationRole.role;
    this.replication = this.replicate(name, args, replica, replicationRole);

    this.replicaVault = this.backupVault(
      `${name}-replica-vault`,
      { context, vaultName: names.replicaBackupVault, region: secondaryRegion },
      replica.key?.arn,
      remote,
    );
    this.vault = this.backupVault(
      `${name}-vault`,
      { context, vaultName: names.backupVault, region: context.spec.target.region },
      args.sourceKeyArn,
      { parent: this },
    );
    this.vaultLocks = [
      this.lockVault(`${name}-vault-lock`, this.vault, context.spec.target.region, context, {
        parent: this,
      }),
      this.lockVault(`${name}-replica-vault-lock`, this.replicaVault, this.region, context, remote),
    ];
    this.plan = this.backupPlan(name, context);
    this.selection = this.backupSelection(name, args);

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

  /**
   * The replica bucket, hardened like the warehouse (secure-bucket.ts), with its own key in the
   * secondary region when the product has one, and the product's lifecycle with DEEP_ARCHIVE
   * allowed: nobody queries the replica.
   */
  private replica(
    name: string,
    context: ProductContext,
    remote: pulumi.CustomResourceOptions,
  ): Replica {
    const remoteStore = { ...remote, ...dataStoreOptions(context.policy) };
    const key = usesCustomerManagedKey(context.spec.classification)
      ? productKey(
          `${name}-replica`,
          {
            alias: context.names.aws.replicaKmsAlias,
            description: `Meshplane: replica of ${context.spec.domain}/${context.spec.name} (${context.environment})`,
            region: this.region,
            labels: context.labels,
          },
          remoteStore,
        ).key
      : undefined;
    const secured = secureBucket(
      `${name}-replica`,
      {
        bucketName: context.names.aws.replicaBucket,
        region: this.region,
        kmsKeyArn: key?.arn,
        labels: context.labels,
      },
      remoteStore,
      remote,
    );
    serverAccessLogs(
      `${name}-replica`,
      {
        context,
        logBucketName: context.names.aws.replicaAccessLogBucket,
        region: this.region,
        sourceBucket: secured.bucket.bucket,
        sourceBucketArn: secured.bucket.arn,
      },
      remote,
    );
    new StorageLifecycle(
      `${name}-replica-lifecycle`,
      {
        context,
        bucket: secured.bucket.bucket,
        region: this.region,
        // Replication keeps object keys: the replica's data files sit under the same prefix.
        dataPrefix: dataFilesPrefix(bucketTablePath(context.spec)),
        allowDeepArchive: true,
        dependsOn: [secured.versioning],
      },
      remote,
    );
    return { bucket: secured.bucket, key, versioning: secured.versioning };
  }

  /** The role S3 replication assumes, allowed exactly planning/iam.ts `replicationPolicy`. */
  private replicationRoleFor(name: string, args: GeoBackupArgs, replica: Replica): ReplicationRole {
    const { context } = args;
    const names = context.names.aws;
    const role = new aws.iam.Role(
      `${name}-replication-role`,
      {
        name: names.replicationRole,
        description: `S3 replication of ${names.warehouseBucket} to ${names.replicaBucket}`,
        assumeRolePolicy: policyJson(serviceTrustPolicy("s3.amazonaws.com")),
        tags: context.labels,
      },
      { parent: this },
    );
    const grant = new aws.iam.RolePolicy(
      `${name}-replication-policy`,
      {
        role: role.name,
        policy: pulumi
          .all([args.sourceBucketArn, replica.bucket.arn, args.sourceKeyArn, replica.key?.arn])
          .apply(([sourceBucketArn, replicaBucketArn, sourceKeyArn, replicaKeyArn]) =>
            policyJson(
              replicationPolicy({
                sourceBucketArn,
                replicaBucketArn,
                sourceRegion: context.spec.target.region,
                replicaRegion: this.region,
                sourceKeyArn,
                replicaKeyArn,
              }),
            ),
          ),
      },
      { parent: this },
    );
    return { role, grant };
  }

  /**
   * Replication of every new object version with Replication Time Control, SSE-KMS objects
   * re-encrypted with the replica key, delete markers not replicated. It needs versioning on both
   * buckets first.
   */
  private replicate(
    name: string,
    args: GeoBackupArgs,
    replica: Replica,
    replicationRole: ReplicationRole,
  ): aws.s3.BucketReplicationConfig {
    const cmk = usesCustomerManagedKey(args.context.spec.classification);
    return new aws.s3.BucketReplicationConfig(
      `${name}-replication`,
      {
        bucket: args.sourceBucket,
        region: args.context.spec.target.region,
        role: replicationRole.role.arn,
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
              ...(replica.key === undefined
                ? {}
                : { encryptionConfiguration: { replicaKmsKeyId: replica.key.arn } }),
              replicationTime: { status: "Enabled", time: { minutes: REPLICATION_TIME_MINUTES } },
              metrics: { status: "Enabled", eventThreshold: { minutes: REPLICATION_TIME_MINUTES } },
            },
          },
        ],
      },
      {
        parent: this,
        dependsOn: [args.sourceVersioning, replica.versioning, replicationRole.grant],
      },
    );
  }

  /** An AWS Backup vault, encrypted with the product key of its region when there is one. */
  private backupVault(
    name: string,
    args: { context: ProductContext; vaultName: string; region: string },
    kmsKeyArn: pulumi.Input<string> | undefined,
    opts: pulumi.CustomResourceOptions,
  ): aws.backup.Vault {
    return new aws.backup.Vault(
      name,
      {
        name: args.vaultName,
        region: args.region,
        forceDestroy: false,
        ...(kmsKeyArn === undefined ? {} : { kmsKeyArn }),
        tags: args.context.labels,
      },
      { ...opts, ...dataStoreOptions(args.context.policy) },
    );
  }

  /**
   * Compliance-mode Vault Lock: once the grace period ends, no recovery point can be deleted
   * before its retention and the lock cannot be removed, by anyone. Irreversible, like the data
   * stores' protection it backs up.
   */
  private lockVault(
    name: string,
    vault: aws.backup.Vault,
    region: string,
    context: ProductContext,
    opts: pulumi.CustomResourceOptions,
  ): aws.backup.VaultLockConfiguration {
    return new aws.backup.VaultLockConfiguration(
      name,
      { backupVaultName: vault.name, region, ...VAULT_LOCK },
      { ...opts, ...dataStoreOptions(context.policy) },
    );
  }

  /**
   * Daily and monthly backups in the primary vault, each copied to the secondary vault, and
   * continuous backup for point-in-time restore (planning/backup.ts).
   */
  private backupPlan(name: string, context: ProductContext): aws.backup.Plan {
    return new aws.backup.Plan(
      `${name}-plan`,
      {
        name: context.names.aws.backupPlan,
        region: context.spec.target.region,
        rules: pulumi
          .all([this.vault.name, this.replicaVault.arn])
          .apply(([vaultName, copyVaultArn]) => backupRules({ vaultName, copyVaultArn })),
        tags: context.labels,
      },
      { parent: this },
    );
  }

  /**
   * The warehouse bucket in the plan, backed up by a role with the AWS-managed S3 backup and
   * restore policies.
   */
  private backupSelection(name: string, args: GeoBackupArgs): aws.backup.Selection {
    const { context } = args;
    const names = context.names.aws;
    const backupRole = new aws.iam.Role(
      `${name}-backup-role`,
      {
        name: names.backupRole,
        description: `AWS Backup of ${names.warehouseBucket}`,
        assumeRolePolicy: policyJson(serviceTrustPolicy("backup.amazonaws.com")),
        tags: context.labels,
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
    return new aws.backup.Selection(
      `${name}-selection`,
      {
        name: `${context.spec.name}-warehouse`.slice(0, 50),
        region: context.spec.target.region,
        planId: this.plan.id,
        iamRoleArn: backupRole.arn,
        resources: [args.sourceBucketArn],
      },
      { parent: this, dependsOn: [...attachments, args.sourceVersioning] },
    );
  }
}
