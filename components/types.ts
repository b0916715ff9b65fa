/** Shapes shared by the per-cloud implementations of DataProduct. */
import type * as pulumi from "@pulumi/pulumi";
import type { DataProductOutputs } from "#contract";
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
 * What each cloud folder exports as its entry point: builds that cloud's building blocks as
 * children of `parent` and returns the product's outputs.
 */
export type CloudDeployment = (
  context: ProductContext,
  parent: pulumi.ComponentResource,
  providers: CloudProviders,
) => pulumi.Output<DataProductOutputs>;
