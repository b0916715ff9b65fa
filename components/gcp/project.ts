/**
 * The GCP project a component deploys into. Resources need it explicitly where the API has no
 * provider default (project IAM members) and invokes need it to find the right service agents.
 *
 * Order: the component's `project` arg, else the project of the provider the component runs
 * with, read through `gcp.organizations.getClientConfig` (the explicit provider's `project`, or
 * the default provider's, which comes from the `gcp:project` stack config or GOOGLE_PROJECT).
 */
import * as gcp from "@pulumi/gcp";
import * as pulumi from "@pulumi/pulumi";

export function resolveProject(
  explicit: pulumi.Input<string> | undefined,
  parent: pulumi.Resource,
): pulumi.Output<string> {
  if (explicit !== undefined) return pulumi.output(explicit);
  return gcp.organizations.getClientConfigOutput({ parent }).apply((config) => {
    if (config.project === "") {
      throw new Error(
        "project: no GCP project given; pass the project arg or set `pulumi config set gcp:project <id>`",
      );
    }
    return config.project;
  });
}
