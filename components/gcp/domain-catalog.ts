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
import { checkDomainArgs, domainLabels, domainNames, type DomainArgs } from "../domain";
import { resolveProject } from "./project";

export interface DomainCatalogArgs extends DomainArgs {
  /**
   * BigQuery location of the dataset. A multi-region (`EU`, `US`) can hold tables over regional
   * and dual-region buckets anywhere in it, so it suits domains with silver and gold products;
   * a region (e.g. `europe-west4`) only suits products whose buckets hold data in that region.
   */
  location: string;
  /** GCP project; defaults to the provider's project (`gcp:project`). */
  project?: pulumi.Input<string>;
}

function checkArgs(args: DomainCatalogArgs): void {
  checkDomainArgs(args, "DomainCatalog");
  if (!/^(EU|US|eu|us|[a-z]+-[a-z]+[0-9]+)$/.test(args.location)) {
    throw new Error(
      `DomainCatalog: location must be a BigQuery multi-region (EU, US) or region (europe-west4), got "${args.location}"`,
    );
  }
}

export class DomainCatalog extends pulumi.ComponentResource {
  readonly dataset: gcp.bigquery.Dataset;
  readonly datasetId: pulumi.Output<string>;
  readonly location: string;

  constructor(name: string, args: DomainCatalogArgs, opts?: pulumi.ComponentResourceOptions) {
    checkArgs(args);
    super("meshplane:gcp:DomainCatalog", name, {}, opts);

    this.location = args.location;
    const project = resolveProject(args.project, this);
    this.dataset = new gcp.bigquery.Dataset(
      `${name}-dataset`,
      {
        datasetId: domainNames(args).gcp.bigqueryDataset,
        project,
        location: args.location,
        friendlyName: `${args.domain} data products (${args.environment})`,
        description: `Meshplane catalog of the ${args.domain} domain in ${args.environment}: one BigLake Iceberg table per data product.`,
        deleteContentsOnDestroy: false,
        labels: domainLabels("gcp", args),
      },
      { parent: this, retainOnDelete: true, protect: true },
    );
    this.datasetId = this.dataset.datasetId;
    this.registerOutputs({ datasetId: this.datasetId, location: this.location });
  }
}
