/**
 * The hardened Cloud Storage bucket every product data store uses (the warehouse and the gold
 * backup) and the CMEK key that encrypts it, as plain functions creating resources under a
 * component parent: one definition of "secure" for both, so they cannot drift apart (the GCP
 * counterpart of aws/secure-bucket.ts).
 *
 * - from internal data up (contract/encryption.ts): a Cloud KMS key ring and key
 *   (90-day rotation) in the bucket's location, and the project's GCS service agent allowed to
 *   use it; the bucket waits for that grant and names the key as its default key;
 * - uniform bucket-level access, public access prevention enforced, the STANDARD class, soft
 *   delete for the tier's window, the product's lifecycle rules, no force-destroy;
 * - a dual-region placement with turbo replication where the placement has two regions;
 * - either object versioning (the warehouse) or a retention policy of the product's retention
 *   days (the backup): Cloud Storage does not allow both on one bucket. The retention policy is
 *   locked for gold (protectDataStores): irreversible, nobody can shorten or remove it, and the
 *   bucket cannot be deleted before its last object's retention ends;
 * - usage (access) logs into the product's log bucket, when one is named (access-log-bucket.ts).
 *
 * The bucket, key ring and key are data stores: retained on delete, protected for gold.
 */
import * as gcp from "@pulumi/gcp";
import type * as pulumi from "@pulumi/pulumi";
import { ACCESS_LOG_PREFIX } from "#contract";
import { dataStoreOptions } from "../checks";
import type { ProductContext } from "../context";
import { KEY_ROTATION_PERIOD, needsCmek } from "./planning/encryption";
import { ROLES, serviceAccountMember } from "./planning/iam";
import { DAY_SECONDS, softDeleteSeconds } from "./planning/lifecycle";
import type { StoragePlacement } from "./planning/locations";
import { StorageLifecycle } from "./storage-lifecycle";

export interface BucketKey {
  keyRing: gcp.kms.KeyRing;
  cryptoKey: gcp.kms.CryptoKey;
  /** The GCS service agent's right to use the key: a bucket naming the key must wait for it. */
  agentGrant: gcp.kms.CryptoKeyIAMMember;
}

export interface SecureBucketArgs {
  context: ProductContext;
  bucketName: string;
  project: pulumi.Output<string>;
  placement: StoragePlacement;
  /** Keep object versions (the warehouse), or hold objects for the retention days (the backup). */
  protection: "versioning" | "retention";
  /** Encrypt with this key instead of creating one (a key ring name is unique per location). */
  key?: BucketKey;
  /** Lifecycle rules other than the product's (`StorageLifecycle.forProduct`). */
  lifecycle?: StorageLifecycle;
  /** Labels other than the product's (e.g. a log bucket's own retention-days). */
  labels?: Record<string, string>;
  /** Bucket that receives this bucket's usage logs, under `access/`. */
  logBucket?: pulumi.Input<string>;
}

export interface SecureBucket {
  bucket: gcp.storage.Bucket;
  /** The bucket's CMEK key; undefined when the classification keeps Google-managed keys. */
  key: BucketKey | undefined;
}

export function secureBucket(
  name: string,
  args: SecureBucketArgs,
  parent: pulumi.Resource,
): SecureBucket {
  const key =
    args.key ??
    (needsCmek(args.context.spec.classification) ? bucketKey(name, args, parent) : undefined);
  return { bucket: hardenedBucket(name, args, key, parent), key };
}

/**
 * The product's CMEK key in the bucket's KMS location (a key must be in its bucket's location).
 * Key ring names are unique per location, so the warehouse and the backup use the same ring and
 * key names in their two locations, and buckets sharing a location share the key.
 */
export function bucketKey(
  name: string,
  args: Pick<SecureBucketArgs, "context" | "project" | "placement">,
  parent: pulumi.Resource,
): BucketKey {
  const { context, project } = args;
  const keep = { parent, ...dataStoreOptions(context.policy) };
  const keyRing = new gcp.kms.KeyRing(
    `${name}-keyring`,
    { name: context.names.gcp.kmsKeyRing, location: args.placement.kmsLocation, project },
    keep,
  );
  const cryptoKey = new gcp.kms.CryptoKey(
    `${name}-key`,
    {
      name: context.names.gcp.kmsKey,
      keyRing: keyRing.id,
      purpose: "ENCRYPT_DECRYPT",
      rotationPeriod: KEY_ROTATION_PERIOD,
      labels: context.labels,
    },
    keep,
  );
  const agent = gcp.storage.getProjectServiceAccountOutput({ project }, { parent });
  const agentGrant = new gcp.kms.CryptoKeyIAMMember(
    `${name}-gcs-agent-key`,
    {
      cryptoKeyId: cryptoKey.id,
      role: ROLES.kmsEncrypterDecrypter,
      member: agent.emailAddress.apply(serviceAccountMember),
    },
    { parent },
  );
  return { keyRing, cryptoKey, agentGrant };
}

function hardenedBucket(
  name: string,
  args: SecureBucketArgs,
  key: BucketKey | undefined,
  parent: pulumi.Resource,
): gcp.storage.Bucket {
  const { context, placement } = args;
  const versioned = args.protection === "versioning";
  return new gcp.storage.Bucket(
    `${name}-bucket`,
    {
      name: args.bucketName,
      project: args.project,
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
      ...(versioned
        ? { versioning: { enabled: true } }
        : {
            retentionPolicy: {
              retentionPeriod: String(context.retentionDays * DAY_SECONDS),
              isLocked: context.policy.protectDataStores,
            },
          }),
      softDeletePolicy: {
        retentionDurationSeconds: softDeleteSeconds(context.policy.softDeleteDays),
      },
      lifecycleRules: (args.lifecycle ?? StorageLifecycle.forProduct(context, versioned))
        .bucketRules,
      ...(key === undefined ? {} : { encryption: { defaultKmsKeyName: key.cryptoKey.id } }),
      ...(args.logBucket === undefined
        ? {}
        : { logging: { logBucket: args.logBucket, logObjectPrefix: ACCESS_LOG_PREFIX } }),
      forceDestroy: false,
      labels: args.labels ?? context.labels,
    },
    {
      parent,
      dependsOn: key === undefined ? [] : [key.agentGrant],
      ...dataStoreOptions(context.policy),
    },
  );
}
