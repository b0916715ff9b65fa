/**
 * The product's access-log bucket: where Cloud Storage writes the usage logs of the warehouse and
 * the gold backup (control MP-LOG-001: every object read, write and delete, with the caller).
 *
 * - secure-bucket.ts's hardened bucket in the warehouse's placement, encrypted with the
 *   warehouse's key when the product has one (a key ring name is unique per location, so the
 *   same key serves both);
 * - Cloud Storage delivers usage logs as the group cloud-storage-analytics@google.com, which
 *   gets roles/storage.objectCreator on this bucket only
 *   (https://cloud.google.com/storage/docs/access-logs#delivery);
 * - the logs are kept a year (LOG_RETENTION_DAYS, contract/inference.ts), cooling like data, under `access/`; the
 *   bucket's own retention-days label says 365, whatever the product keeps.
 *
 * The log bucket does not log itself: usage logs of the logs would be logs all the way down.
 */
import * as gcp from "@pulumi/gcp";
import type * as pulumi from "@pulumi/pulumi";
import { ACCESS_LOG_PREFIX, LOG_LIFECYCLE, LOG_RETENTION_DAYS } from "#contract";
import type { ProductContext } from "../context";
import { ROLES } from "./planning/iam";
import type { StoragePlacement } from "./planning/locations";
import { secureBucket, type BucketKey } from "./secure-bucket";
import { StorageLifecycle } from "./storage-lifecycle";

/** The identity Cloud Storage writes usage logs as. */
export const STORAGE_ANALYTICS_MEMBER = "group:cloud-storage-analytics@google.com";

export interface AccessLogBucketArgs {
  context: ProductContext;
  project: pulumi.Output<string>;
  placement: StoragePlacement;
  /** The warehouse's key, when the product has one. */
  key: BucketKey | undefined;
}

export function accessLogBucket(
  name: string,
  args: AccessLogBucketArgs,
  parent: pulumi.Resource,
): gcp.storage.Bucket {
  const { context } = args;
  const { bucket } = secureBucket(
    `${name}-logs`,
    {
      context,
      bucketName: context.names.gcp.logBucket,
      project: args.project,
      placement: args.placement,
      protection: "versioning",
      ...(args.key === undefined ? {} : { key: args.key }),
      lifecycle: new StorageLifecycle({
        lifecycle: LOG_LIFECYCLE,
        noncurrentDays: context.policy.softDeleteDays,
        versioned: true,
        dataPrefix: ACCESS_LOG_PREFIX,
      }),
      labels: { ...context.labels, "retention-days": String(LOG_RETENTION_DAYS) },
    },
    parent,
  );
  new gcp.storage.BucketIAMMember(
    `${name}-logs-writer`,
    { bucket: bucket.name, role: ROLES.objectCreator, member: STORAGE_ANALYTICS_MEMBER },
    { parent },
  );
  return bucket;
}
