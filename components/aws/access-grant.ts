/**
 * AccessGrant (`meshplane:aws:AccessGrant`): one approved grant of read access to a product, on
 * AWS (planning/access.ts has the why of each part):
 * - a KMS grant to decrypt through S3, constrained to the warehouse bucket's encryption context,
 *   when the product's bucket uses its own key; its name carries the approval record;
 * - Lake Formation SELECT and DESCRIBE on the product's Glue table.
 * The bucket policy statements of the grant are in the warehouse bucket's one policy document
 * (IcebergStorage), since S3 keeps one policy per bucket; `bucketStatements` names them.
 *
 * The consumer's own IAM policy is in their account, out of this stack's reach: docs/access.md
 * says what they attach.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { AccessGrant as Grant } from "#contract";
import { checkContextCloud } from "../checks";
import type { ProductContext } from "../context";
import { grantSid, kmsGrantPlan, tablePermissionPlan } from "./planning/access";

export interface AccessGrantArgs {
  context: ProductContext;
  grant: Grant;
  bucketArn: pulumi.Input<string>;
  /** The product's key; undefined when the bucket uses S3-managed keys (public products). */
  kmsKeyArn: pulumi.Input<string> | undefined;
  databaseName: pulumi.Input<string>;
  tableName: pulumi.Input<string>;
}

export class AccessGrant extends pulumi.ComponentResource {
  readonly keyGrant: aws.kms.Grant | undefined;
  readonly tablePermission: aws.lakeformation.Permissions;
  /** Sids of the grant's statements in the warehouse bucket's policy. */
  readonly bucketStatements: string[];

  constructor(name: string, args: AccessGrantArgs, opts?: pulumi.ComponentResourceOptions) {
    checkContextCloud(args.context, "AccessGrant", "aws");
    const { grant } = args;
    super("meshplane:aws:AccessGrant", name, { grantId: grant.id, consumer: grant.consumer }, opts);
    const region = args.context.spec.target.region;
    const child = { parent: this };

    if (args.kmsKeyArn !== undefined) {
      const keyArn = args.kmsKeyArn;
      const plan = pulumi.output(args.bucketArn).apply((arn) => kmsGrantPlan(grant, arn));
      this.keyGrant = new aws.kms.Grant(
        `${name}-decrypt`,
        {
          name: plan.name,
          keyId: keyArn,
          granteePrincipal: plan.granteePrincipal,
          operations: plan.operations,
          constraints: [{ encryptionContextSubset: plan.encryptionContextSubset }],
          retireOnDelete: true,
          region,
        },
        child,
      );
    }

    const table = pulumi
      .all([args.databaseName, args.tableName])
      .apply(([database, tableName]) => tablePermissionPlan(grant, database, tableName));
    this.tablePermission = new aws.lakeformation.Permissions(
      `${name}-select`,
      {
        principal: table.principal,
        permissions: table.permissions,
        table: { databaseName: table.databaseName, name: table.tableName },
        region,
      },
      child,
    );
    this.bucketStatements = [grantSid(grant, "Read"), grantSid(grant, "List")];
    this.registerOutputs({ bucketStatements: this.bucketStatements });
  }
}
