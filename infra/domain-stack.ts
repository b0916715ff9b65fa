/**
 * A domain stack: the resources a domain owns once per environment, its DomainCatalog (GCP: the
 * BigQuery dataset; AWS: the Glue database, in one region) that the domain's product stacks look
 * up. Only the domain's cloud SDK is loaded, as for products (components/index.ts).
 */
import type * as pulumi from "@pulumi/pulumi";
import type { DomainStackConfig } from "./stack-config";

export type DomainStackOutputs =
  | { kind: "domain"; cloud: "gcp"; datasetId: string; location: string }
  | { kind: "domain"; cloud: "aws"; databaseName: string; region: string };

export async function domainStack(
  config: DomainStackConfig,
): Promise<pulumi.Output<DomainStackOutputs>> {
  const name = `${config.domain}-${config.environment}`;
  const args = {
    domain: config.domain,
    environment: config.environment,
    owner: config.owner,
    ...(config.organization === undefined ? {} : { organization: config.organization }),
  };
  if (config.cloud === "aws") {
    const { DomainCatalog } = await import("../components/aws");
    const catalog = new DomainCatalog(name, { ...args, region: config.region });
    return catalog.databaseName.apply((databaseName) => ({
      kind: "domain" as const,
      cloud: "aws" as const,
      databaseName,
      region: catalog.region,
    }));
  }
  const { DomainCatalog } = await import("../components/gcp");
  const catalog = new DomainCatalog(name, { ...args, location: config.location });
  return catalog.datasetId.apply((datasetId) => ({
    kind: "domain" as const,
    cloud: "gcp" as const,
    datasetId,
    location: catalog.location,
  }));
}
