/**
 * AccessGrant (`meshplane:gcp:AccessGrant`): one approved grant of read access to a product, on
 * GCP: `storage.objectViewer` on the warehouse bucket for the consumer's service account, under an
 * IAM condition limiting it to the table's prefix (and the end date), and `bigquery.dataViewer` on
 * the product's BigLake table only (planning/access.ts says why no key role is granted).
 * `*IAMMember` resources add one member and never remove what others granted.
 */
import * as gcp from "@pulumi/gcp";
import * as pulumi from "@pulumi/pulumi";
import type { AccessGrant as Grant } from "#contract";
import { checkContextCloud } from "../checks";
import type { ProductContext } from "../context";
import { bucketTablePath } from "../iceberg-table";
import { grantBucketMemberPlan, grantTableMemberPlan } from "./planning/access";

export interface AccessGrantArgs {
  context: ProductContext;
  grant: Grant;
  bucket: pulumi.Input<string>;
  project: pulumi.Input<string>;
  datasetId: pulumi.Input<string>;
  tableId: pulumi.Input<string>;
}

export class AccessGrant extends pulumi.ComponentResource {
  readonly bucketMember: gcp.storage.BucketIAMMember;
  readonly tableMember: gcp.bigquery.IamMember;

  constructor(name: string, args: AccessGrantArgs, opts?: pulumi.ComponentResourceOptions) {
    checkContextCloud(args.context, "AccessGrant", "gcp");
    const { grant } = args;
    super("meshplane:gcp:AccessGrant", name, { grantId: grant.id, consumer: grant.consumer }, opts);
    const tablePath = bucketTablePath(args.context.spec);
    const bucketPlan = pulumi
      .output(args.bucket)
      .apply((bucket) => grantBucketMemberPlan(grant, bucket, tablePath));
    this.bucketMember = new gcp.storage.BucketIAMMember(
      `${name}-objects`,
      {
        bucket: args.bucket,
        role: bucketPlan.role,
        member: bucketPlan.member,
        condition: bucketPlan.apply((p) => p.condition),
      },
      { parent: this },
    );
    const tablePlan = grantTableMemberPlan(grant);
    this.tableMember = new gcp.bigquery.IamMember(
      `${name}-table`,
      {
        project: args.project,
        datasetId: args.datasetId,
        tableId: args.tableId,
        role: tablePlan.role,
        member: tablePlan.member,
        ...(tablePlan.condition === undefined ? {} : { condition: tablePlan.condition }),
      },
      { parent: this },
    );
    this.registerOutputs({});
  }
}
