/** A domain stack: the resources a domain owns once per environment (GCP: its DomainCatalog). */
import type * as pulumi from "@pulumi/pulumi";
import { DomainCatalog } from "../components/gcp";
import type { DomainStackConfig } from "./stack-config";

export interface DomainStackOutputs {
  kind: "domain";
  cloud: string;
  datasetId: string;
  location: string;
}

export function domainStack(config: DomainStackConfig): pulumi.Output<DomainStackOutputs> {
  const catalog = new DomainCatalog(`${config.domain}-${config.environment}`, {
    domain: config.domain,
    environment: config.environment,
    owner: config.owner,
    location: config.location,
    ...(config.organization === undefined ? {} : { organization: config.organization }),
  });
  return catalog.datasetId.apply((datasetId) => ({
    kind: "domain" as const,
    cloud: config.cloud,
    datasetId,
    location: catalog.location,
  }));
}
