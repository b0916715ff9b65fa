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
import {
  DEFAULT_ORGANIZATION,
  DomainSlug,
  Environment,
  MANAGED_BY,
  labelsFor,
  resourceNames,
} from "#contract";

export interface DomainCatalogArgs {
  domain: string;
  environment: string;
  /** Installation prefix, as for products; default "mp". */
  organization?: string;
  /** Owning team of the domain (the `owner` tag). */
  owner: string;
  /** AWS region of the database: the region of the domain's products. */
  region: string;
}

/**
 * The Glue database name of a domain. contract/naming.ts derives it from (organization, domain,
 * environment) only; the product name passed here is a placeholder it does not depend on.
 */
export function domainDatabaseName(args: {
  organization?: string;
  domain: string;
  environment: string;
}): string {
  return resourceNames({
    organization: args.organization ?? DEFAULT_ORGANIZATION,
    domain: args.domain,
    name: "domain-catalog",
    environment: args.environment,
  }).aws.glueDatabase;
}

/** Tags of domain-scoped resources: no product, tier or classification applies. */
export function domainTags(args: {
  domain: string;
  environment: string;
  owner: string;
}): Record<string, string> {
  return labelsFor("aws", {
    domain: args.domain,
    owner: args.owner,
    environment: args.environment,
    "managed-by": MANAGED_BY,
  });
}

function checkArgs(args: DomainCatalogArgs): void {
  if (!DomainSlug.safeParse(args.domain).success) {
    throw new Error(`DomainCatalog: domain "${args.domain}" is not a domain slug`);
  }
  if (!Environment.safeParse(args.environment).success) {
    throw new Error(`DomainCatalog: environment "${args.environment}" is not an environment name`);
  }
  if (!/^[a-z][a-z0-9-]{1,62}$/.test(args.owner)) {
    throw new Error(`DomainCatalog: owner must be the owning team's slug, got "${args.owner}"`);
  }
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
        name: domainDatabaseName(args),
        region: args.region,
        description: `Meshplane catalog of the ${args.domain} domain in ${args.environment}: one Iceberg table per data product.`,
        tags: domainTags(args),
      },
      { parent: this, retainOnDelete: true, protect: true },
    );
    this.databaseName = this.database.name;
    this.registerOutputs({ databaseName: this.databaseName, region: this.region });
  }
}
