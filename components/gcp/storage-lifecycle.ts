/**
 * StorageLifecycle (`meshplane:gcp:StorageLifecycle`): the lifecycle policy of a product bucket.
 *
 * On AWS and Azure the lifecycle is its own resource; on GCS it is a property of the bucket
 * (`lifecycleRules`), and a rule set cannot be attached to a bucket after the fact without
 * owning the bucket. So this building block is a plain value object, not a Pulumi component: it
 * computes the rules from the product's lifecycle and tier, and any bucket (IcebergStorage,
 * GeoBackup, or one of your own) consumes them:
 *
 *     new gcp.storage.Bucket("b", { ..., lifecycleRules: new StorageLifecycle({ ... }).rules });
 *
 * It registers nothing, so it costs no resource in the stack and cannot drift from the bucket.
 */
import type * as gcp from "@pulumi/gcp";
import type { LifecycleDays } from "#contract";
import type { ProductContext } from "../context";
import { bucketTablePath, dataFilesPrefix } from "../iceberg-table";
import { archiveStorageClass, lifecycleRules, type LifecycleRule } from "./planning/lifecycle";

export interface StorageLifecycleArgs {
  /** When data moves to NEARLINE, to COLDLINE/ARCHIVE, and is deleted (days after creation). */
  lifecycle: LifecycleDays;
  /** Days a noncurrent (overwritten or deleted) version is kept; the tier's soft-delete window. */
  noncurrentDays: number;
  /** Whether the bucket keeps versions (false for the retention-locked backup bucket). */
  versioned: boolean;
  /** Prefix of the objects that move to cooler classes and expire by age. */
  dataPrefix: string;
}

/** Where a product's data files live in its buckets: `iceberg/<product>/data/`. */
export function tableDataPrefix(context: Pick<ProductContext, "spec">): string {
  return dataFilesPrefix(bucketTablePath(context.spec));
}

export class StorageLifecycle {
  static readonly type = "meshplane:gcp:StorageLifecycle";

  readonly rules: LifecycleRule[];
  /** The class data moves to at `archiveAfterDays`. */
  readonly archiveClass: "COLDLINE" | "ARCHIVE";

  constructor(args: StorageLifecycleArgs) {
    this.rules = lifecycleRules(args);
    this.archiveClass = archiveStorageClass(args.lifecycle);
  }

  /**
   * The product's own lifecycle on its table's data files (`<table>/data/`, the same names in the
   * warehouse and its backup copy): context.lifecycle, noncurrent versions kept softDeleteDays.
   */
  static forProduct(context: ProductContext, versioned = true): StorageLifecycle {
    return new StorageLifecycle({
      lifecycle: context.lifecycle,
      noncurrentDays: context.policy.softDeleteDays,
      versioned,
      dataPrefix: tableDataPrefix(context),
    });
  }

  /** The rules typed as the provider's input (they are structurally the same). */
  get bucketRules(): gcp.types.input.storage.BucketLifecycleRule[] {
    return this.rules;
  }
}
