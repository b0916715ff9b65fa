/**
 * AccessGrant (`meshplane:azure:AccessGrant`): one approved grant of read access to a product, on
 * Azure: `Storage Blob Data Reader` for the consumer's Entra object (a managed identity or a group)
 * on the product's own container, with the end date as an ABAC condition and the approval record
 * as the description (planning/access.ts says why no key role is granted).
 */
import * as authorization from "@pulumi/azure-native/authorization";
import * as pulumi from "@pulumi/pulumi";
import type { AccessGrant as Grant } from "#contract";
import { checkContextCloud } from "../checks";
import type { ProductContext } from "../context";
import { grantRoleAssignmentPlan } from "./planning/access";
import { roleDefinitionId } from "./planning/roles";

export interface AccessGrantArgs {
  context: ProductContext;
  grant: Grant;
  /** ARM id of the product's storage account. */
  storageAccountId: pulumi.Input<string>;
  containerName: string;
}

export class AccessGrant extends pulumi.ComponentResource {
  readonly roleAssignment: authorization.RoleAssignment;

  constructor(name: string, args: AccessGrantArgs, opts?: pulumi.ComponentResourceOptions) {
    checkContextCloud(args.context, "AccessGrant", "azure");
    const { grant } = args;
    super(
      "meshplane:azure:AccessGrant",
      name,
      { grantId: grant.id, consumer: grant.consumer },
      opts,
    );
    const plan = pulumi
      .output(args.storageAccountId)
      .apply((id) => grantRoleAssignmentPlan(grant, id, args.containerName));
    const client = authorization.getClientConfigOutput({ parent: this });
    this.roleAssignment = new authorization.RoleAssignment(
      `${name}-reader`,
      {
        principalId: plan.principalId,
        principalType: plan.principalType,
        roleDefinitionId: pulumi
          .all([client.subscriptionId, plan.role])
          .apply(([subscription, role]) => roleDefinitionId(subscription, role)),
        scope: plan.scope,
        description: plan.description,
        ...(grant.endsAt === undefined
          ? {}
          : {
              condition: plan.apply((p) => p.condition ?? ""),
              conditionVersion: "2.0",
            }),
      },
      { parent: this },
    );
    this.registerOutputs({ roleAssignmentId: this.roleAssignment.id });
  }
}
