/** Shapes shared by the per-cloud implementations of DataProduct. */
import type * as pulumi from "@pulumi/pulumi";
import type { DataProductOutputs } from "#contract";
import type { FunctionAccess } from "./azure/planning/inference";
import type { AzureNetworkOptions } from "./azure/planning/storage";
import type { ProductContext } from "./context";

/**
 * Explicit providers. `primary` deploys in spec.target.region; `secondary` in the resolved
 * secondary region (AWS geo backup). Components create region-pinned providers themselves when
 * none are given, so a caller never gets a replica in the wrong region by accident.
 */
export interface CloudProviders {
  primary?: pulumi.ProviderResource;
  secondary?: pulumi.ProviderResource;
}

/**
 * Platform settings of one cloud that are not part of the spec (they belong to the platform team,
 * not to the product's owners): Azure's network access and the function's Entra registration.
 */
export interface DeploymentOptions {
  azure?: AzureDeploymentOptions;
}

export interface AzureDeploymentOptions {
  /** Who may reach the product's storage over the network (azure/planning/storage.ts). */
  network?: AzureNetworkOptions;
  /** Who may call the inference function's HTTP endpoint (azure/planning/inference.ts). */
  functionAccess?: FunctionAccess;
}

/**
 * What each cloud folder exports as its entry point: builds that cloud's building blocks as
 * children of `parent` and returns the product's outputs.
 */
export type CloudDeployment = (
  context: ProductContext,
  parent: pulumi.ComponentResource,
  providers: CloudProviders,
  options?: DeploymentOptions,
) => pulumi.Output<DataProductOutputs>;
