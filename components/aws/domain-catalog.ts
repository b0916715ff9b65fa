/**
 * DomainCatalog (`meshplane:aws:DomainCatalog`): the Glue database of one domain in one
 * environment, where every product of the domain registers its Iceberg table.
 *
 * Why a component of its own (the same reasoning as the GCP DomainCatalog): Meshplane runs one
 * Pulumi stack per product, but the database is per domain. If each product stack created it,
 * the second product of a domain would fail with AlreadyExistsException, and destroying the
 * first product's stack would delete the database under every other product's table. So the
 * database has exactly one owner: a domain stack that deploys this component once per domain,
 * environment and region (Glue databases are regional), before the domain's first product.
 * Product stacks only look it up (CatalogRegistration) and fail with a message naming this
 * component when it is missing. It is always retained and protected.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { checkDomainArgs, domainLabels, domainNames, type DomainArgs } from "../domain";

export interface DomainCatalogArgs extends DomainArgs {
  /** AWS region of the database: the region of the domain's products. */
  region: string;
}

function checkArgs(args: DomainCatalogArgs): void {
  checkDomainArgs(args, "DomainCatalog");
  if (!/^[a-z]{2}(-gov)?-[a-z]+-\d$/.test(args.region)) {
    throw new Error(
      `DomainCatalog: region must be an AWS region such as eu-west-1, got "${args.region}"`,
    );
  }
}

export class DomainCatalog extends pulumi.ComponentResource {
  readonly database: aws.glue.CatalogDatabase;
  readonly databaseName: pulumi.Output<string>;
  readonly region: string;

  constructor(name: string, args: DomainCatalogArgs, opts?: pulumi.ComponentResourceOptions) {
    checkArgs(args);
    super("meshplane:aws:DomainCatalog", name, {}, opts);

    this.region = args.region;
    this.database = new aws.glue.CatalogDatabase(
      `${name}-database`,
      {
        name: domainNames(args).aws.glueDatabase,
        region: args.region,
        description: `Meshplane catalog of the ${args.domain} domain in ${args.environment}: one Iceberg table per data product.`,
        tags: domainLabels("aws", args),
      },
      { parent: this, retainOnDelete: true, protect: true },
    );
    this.databaseName = this.database.name;
    this.registerOutputs({ databaseName: this.databaseName, region: this.region });
  }
}
