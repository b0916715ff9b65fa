/**
 * The context every Meshplane component is built from: the validated spec with tier defaults
 * applied, the deterministic physical names, and the mesh labels in the target cloud's format.
 * Pure (no resources): the per-cloud building blocks take it as their first argument.
 */
import {
  DEFAULT_ORGANIZATION,
  type AccessGrant,
  Environment,
  assertDataProductSpec,
  labelsFor,
  meshLabels,
  resolveDataProduct,
  resourceNames,
  type ResolvedDataProduct,
  type ResourceNames,
} from "#contract";
import { productGrants } from "./access-grants";

export interface ProductContext extends ResolvedDataProduct {
  environment: string;
  organization: string;
  names: ResourceNames;
  /** Mesh labels normalised for spec.target.cloud; put on every resource that takes tags. */
  labels: Record<string, string>;
  /** Approved, unexpired access grants to provision with the product (access-grants.ts). */
  grants: AccessGrant[];
  /**
   * The product's table is already in Meshplane's Iceberg REST catalog, which is then its only
   * writer: the table resources write no metadata on update (the worker knows before `up`).
   */
  catalogOwned: boolean;
}

export interface ProductContextArgs {
  /** Parsed or raw spec: it is validated again here, so a component never builds from bad input. */
  spec: unknown;
  environment: string;
  organization?: string;
  /** Access grants of the product's desired state, raw: validated here (access-grants.ts). */
  grants?: readonly unknown[];
  /** ISO instant grants are checked against their end dates at; default now. */
  grantsAt?: string;
  /** The product's table is in Meshplane's catalog (ProductContext.catalogOwned); default false. */
  catalogOwned?: boolean;
}

export function productContext(args: ProductContextArgs): ProductContext {
  const spec = assertDataProductSpec(args.spec);
  const environment = Environment.parse(args.environment);
  const organization = args.organization ?? DEFAULT_ORGANIZATION;
  const names = resourceNames({ organization, domain: spec.domain, name: spec.name, environment });
  const resolved = resolveDataProduct(spec);
  return {
    ...resolved,
    environment,
    organization,
    names,
    labels: labelsFor(spec.target.cloud, meshLabels(spec, environment, resolved.retentionDays)),
    grants: productGrants(
      spec,
      args.grants,
      args.grantsAt === undefined ? new Date() : new Date(args.grantsAt),
    ),
    catalogOwned: args.catalogOwned ?? false,
  };
}
