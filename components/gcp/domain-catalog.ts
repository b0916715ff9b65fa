/**
 * DomainCatalog (`meshplane:gcp:DomainCatalog`): the BigQuery dataset of one domain in one
 * environment, where every product of the domain registers its BigLake Iceberg table.
 *
 * Why a component of its own: Meshplane runs one Pulumi stack per product, but the dataset is
 * per domain. If each product stack created it, the second product of a domain would fail with
 * "Already Exists", and destroying the first product's stack would try to delete the dataset
 * under every other product's table. Importing it into every stack would make several stacks
 * own (and fight over) one resource. So the dataset has exactly one owner: a domain stack that
 * deploys this component once per domain and environment (before the domain's first product).
 * Product stacks only look it up (CatalogRegistration), and fail with a message naming this
 * component when it is missing. The dataset is always retained and protected: it holds the
 * tables of every product of the domain.
 */
import * as gcp from "@pulumi/gcp";
import * as pulumi from "@pulumi/pulumi";
import {
  DEFAULT_ORGANIZATION,
  DomainSlug,
  Environment,
  MANAGED_BY,
  Organization,
  labelsFor,
  resourceNames,
} from "#contract";
import { resolveProject } from "./project";

export interface DomainCatalogArgs {
  domain: string;
  environment: string;
  /** Installation prefix, as for products; default "mp". */
  organization?: string;
  /** Owning team of the domain (the `owner` label). */
  owner: string;
  /**
   * BigQuery location of the dataset. A multi-region (`EU`, `US`) can hold tables over regional
   * and dual-region buckets anywhere in it, so it suits domains with silver and gold products;
   * a region (e.g. `europe-west4`) only suits products whose buckets hold data in that region.
   */
  location: string;
  /** GCP project; defaults to the provider's project (`gcp:project`). */
  project?: pulumi.Input<string>;
}

/**
 * The dataset id of a domain. The name rule lives in contract/naming.ts, which derives it from
 * (organization, domain, environment) only; the product name passed here is a placeholder that
 * the dataset name does not depend on.
 */
export function domainDatasetId(args: {
  organization?: string;
  domain: string;
  environment: string;
}): string {
  return resourceNames({
    organization: args.organization ?? DEFAULT_ORGANIZATION,
    domain: args.domain,
    name: "domain-catalog",
    environment: args.environment,
  }).gcp.bigqueryDataset;
}

/** Labels of domain-scoped resources: no product, tier or classification applies. */
export function domainLabels(args: {
  domain: string;
  environment: string;
  owner: string;
}): Record<string, string> {
  return labelsFor("gcp", {
    domain: args.domain,
    owner: args.owner,
    environment: args.environment,
    "managed-by": MANAGED_BY,
  });
}

export class DomainCatalog extends pulumi.ComponentResource {
  readonly dataset: gcp.bigquery.Dataset;
  readonly datasetId: pulumi.Output<string>;
  readonly location: string;

  constructor(name: string, args: DomainCatalogArgs, opts?: pulumi.ComponentResourceOptions) {
    const domain = DomainSlug.safeParse(args.domain);
    if (!domain.success)
      throw new Error(`DomainCatalog: domain "${args.domain}" is not a domain slug`);
    const environment = Environment.safeParse(args.environment);
    if (!environment.success) {
      throw new Error(
        `DomainCatalog: environment "${args.environment}" is not an environment name`,
      );
    }
    if (args.organization !== undefined && !Organization.safeParse(args.organization).success) {
      throw new Error(`DomainCatalog: organization "${args.organization}" is not a valid prefix`);
    }
    if (!/^[a-z][a-z0-9-]{1,62}$/.test(args.owner)) {
      throw new Error(`DomainCatalog: owner must be the owning team's slug, got "${args.owner}"`);
    }
    if (!/^(EU|US|eu|us|[a-z]+-[a-z]+[0-9]+)$/.test(args.location)) {
      throw new Error(
        `DomainCatalog: location must be a BigQuery multi-region (EU, US) or region (europe-west4), got "${args.location}"`,
      );
    }
    super("meshplane:gcp:DomainCatalog", name, {}, opts);

    this.location = args.location;
    const project = resolveProject(args.project, this);
    this.dataset = new gcp.bigquery.Dataset(
      `${name}-dataset`,
      {
        datasetId: domainDatasetId(args),
        project,
        location: args.location,
        friendlyName: `${args.domain} data products (${args.environment})`,
        description: `Meshplane catalog of the ${args.domain} domain in ${args.environment}: one BigLake Iceberg table per data product.`,
        deleteContentsOnDestroy: false,
        labels: domainLabels(args),
      },
      { parent: this, retainOnDelete: true, protect: true },
    );
    this.datasetId = this.dataset.datasetId;
    this.registerOutputs({ datasetId: this.datasetId, location: this.location });
  }
}
