/**
 * StorageLifecycle: the account's lifecycle-management policy (tiering and expiry of the table's
 * data files; planning/lifecycle.ts).
 */
import * as storage from "@pulumi/azure-native/storage";
import * as pulumi from "@pulumi/pulumi";
import type { ProductContext } from "../context";
import { dataLifecycleRules, type LifecycleRule } from "./planning/lifecycle";

export interface StorageLifecycleArgs {
  context: ProductContext;
  resourceGroupName: pulumi.Input<string>;
  accountName: string;
  containerName: string;
  /** Path of the Iceberg table inside the container, e.g. `<domain>/<name>`. */
  tablePath: string;
  /** Resources the policy must wait for (the account). */
  dependsOn?: pulumi.Input<pulumi.Resource>[];
}

export class StorageLifecycle extends pulumi.ComponentResource {
  public readonly rules: LifecycleRule[];
  public readonly policyId: pulumi.Output<string>;

  constructor(name: string, args: StorageLifecycleArgs, opts?: pulumi.ComponentResourceOptions) {
    super("meshplane:azure:StorageLifecycle", name, {}, opts);
    for (const field of ["accountName", "containerName", "tablePath"] as const) {
      if (args[field] === "") throw new Error(`StorageLifecycle: args.${field} must not be empty`);
    }
    this.rules = dataLifecycleRules({
      lifecycle: args.context.lifecycle,
      container: args.containerName,
      tablePath: args.tablePath,
    });

    // Azure allows one management policy per account and requires it to be named "default".
    const policy = new storage.ManagementPolicy(
      `${name}-policy`,
      {
        managementPolicyName: "default",
        accountName: args.accountName,
        resourceGroupName: args.resourceGroupName,
        policy: { rules: this.rules },
      },
      { parent: this, dependsOn: args.dependsOn ?? [] },
    );

    this.policyId = policy.id;
    this.registerOutputs({ policyId: this.policyId });
  }
}
