/**
 * Region-pinned AWS providers. A component given no provider for a region creates one, so a
 * replica can never land in the primary region by accident of ambient configuration.
 */
import * as aws from "@pulumi/aws";
import type * as pulumi from "@pulumi/pulumi";

export function regionProvider(
  name: string,
  region: string,
  opts: pulumi.CustomResourceOptions,
): aws.Provider {
  return new aws.Provider(name, { region }, opts);
}
