/**
 * What every cloud's DomainCatalog shares: the arguments naming a domain and their checks, the
 * names contract/naming.ts derives for a domain, and the labels of domain-scoped resources (no
 * product, tier or classification applies to them). Pure; the components create the resources.
 */
import {
  DEFAULT_ORGANIZATION,
  DomainSlug,
  Environment,
  MANAGED_BY,
  Organization,
  labelsFor,
  resourceNames,
  type Cloud,
  type ResourceNames,
} from "#contract";

export interface DomainArgs {
  domain: string;
  environment: string;
  /** Installation prefix, as for products; default "mp". */
  organization?: string;
  /** Owning team of the domain (the `owner` label). */
  owner: string;
}

/** Fails naming `component` and the argument when a domain argument is not valid. */
export function checkDomainArgs(args: DomainArgs, component: string): void {
  if (!DomainSlug.safeParse(args.domain).success) {
    throw new Error(`${component}: domain "${args.domain}" is not a domain slug`);
  }
  if (!Environment.safeParse(args.environment).success) {
    throw new Error(`${component}: environment "${args.environment}" is not an environment name`);
  }
  if (args.organization !== undefined && !Organization.safeParse(args.organization).success) {
    throw new Error(`${component}: organization "${args.organization}" is not a valid prefix`);
  }
  if (!/^[a-z][a-z0-9-]{1,62}$/.test(args.owner)) {
    throw new Error(`${component}: owner must be the owning team's slug, got "${args.owner}"`);
  }
}

/**
 * The names of a domain's resources. contract/naming.ts derives the domain-scoped ones (the Glue
 * database, the BigQuery dataset) from (organization, domain, environment) only; the product name
 * passed here is a placeholder they do not depend on.
 */
export function domainNames(
  args: Pick<DomainArgs, "organization" | "domain" | "environment">,
): ResourceNames {
  return resourceNames({
    organization: args.organization ?? DEFAULT_ORGANIZATION,
    domain: args.domain,
    name: "domain-catalog",
    environment: args.environment,
  });
}

/** Labels (tags) of domain-scoped resources in `cloud`'s format. */
export function domainLabels(
  cloud: Cloud,
  args: Pick<DomainArgs, "domain" | "environment" | "owner">,
): Record<string, string> {
  return labelsFor(cloud, {
    domain: args.domain,
    owner: args.owner,
    environment: args.environment,
    "managed-by": MANAGED_BY,
  });
}
