/**
 * The mesh as Backstage catalog entities (backstage.io/v1alpha1), so a Backstage catalog can ingest
 * it with its URL reader: per domain a Domain and the Group that owns its things; per product a
 * System (the product), a Resource (its table and storage) and an API (its contract, the spec as
 * YAML). Inputs become `dependsOn` of the product's System and Resource on the input's Resource.
 * Pure; the unit tests check every entity with Backstage's own validators
 * (`@backstage/catalog-model`).
 */
import { stringify } from "yaml";
import type { DataProductSpec } from "#contract";

export const BACKSTAGE_API_VERSION = "backstage.io/v1alpha1";
/** Annotation naming the product (`domain/name`) an entity was made from. */
export const PRODUCT_ANNOTATION = "meshplane.dev/product";

export interface BackstageEntity {
  apiVersion: typeof BACKSTAGE_API_VERSION;
  kind: "Domain" | "Group" | "System" | "Resource" | "API";
  metadata: {
    name: string;
    title?: string;
    description?: string;
    tags?: string[];
    annotations?: Record<string, string>;
    links?: { url: string; title: string }[];
  };
  spec: Record<string, unknown>;
}

export interface BackstageDomain {
  slug: string;
  name: string;
  description: string | null;
}

export interface BackstageProduct {
  domain: string;
  name: string;
  /** The live spec, masked for display (no secrets leave the portal). */
  spec: DataProductSpec;
  /** Where the data lives, from the deployed outputs, when known. */
  storageUri: string | null;
}

/** Entity names: letters, digits and `-_.`, at most 63 characters, ending in a letter or digit. */
const entityName = (name: string) => name.slice(0, 63).replace(/[^a-zA-Z0-9]+$/, "");
const systemName = (domain: string, name: string) => entityName(`${domain}-${name}`);
const resourceName = (domain: string, name: string) => entityName(`${domain}-${name}-table`);
const apiName = (domain: string, name: string) => entityName(`${domain}-${name}-contract`);
const groupRef = (domain: string) => `group:default/${domain}`;

/** Backstage tags: lowercase letters, digits and `+#-`, at most 63 characters. */
function tagsOf(spec: DataProductSpec): string[] {
  const tags = [spec.tier, spec.classification, spec.target.cloud];
  return [...new Set(tags.map((tag) => tag.toLowerCase().replace(/[^a-z0-9+#-]/g, "-")))];
}

export function domainEntities(domain: BackstageDomain): BackstageEntity[] {
  const description =
    domain.description === null || domain.description === ""
      ? {}
      : { description: domain.description };
  return [
    {
      apiVersion: BACKSTAGE_API_VERSION,
      kind: "Group",
      metadata: { name: domain.slug, title: `${domain.name} team`, ...description },
      spec: { type: "team", children: [] },
    },
    {
      apiVersion: BACKSTAGE_API_VERSION,
      kind: "Domain",
      metadata: { name: domain.slug, title: domain.name, ...description },
      spec: { owner: groupRef(domain.slug) },
    },
  ];
}

/** The System, Resource and API of a live product; `portalUrl` links back to its page. */
export function productEntities(product: BackstageProduct, portalUrl: string): BackstageEntity[] {
  const { domain, name, spec } = product;
  const owner = groupRef(domain);
  const system = systemName(domain, name);
  const inputs = spec.inputs.map((input) => {
    const [inputDomain = "", inputName = ""] = input.split("/");
    return `resource:default/${resourceName(inputDomain, inputName)}`;
  });
  const annotations = { [PRODUCT_ANNOTATION]: `${domain}/${name}` };
  const links = [
    { url: `${portalUrl}/products/${domain}/${name}`, title: "Meshplane product page" },
  ];
  const common = { annotations, links, tags: tagsOf(spec) };
  return [
    {
      apiVersion: BACKSTAGE_API_VERSION,
      kind: "System",
      metadata: { name: system, title: spec.displayName, description: spec.description, ...common },
      spec: { owner, domain, ...(inputs.length > 0 ? { dependsOn: inputs } : {}) },
    },
    {
      apiVersion: BACKSTAGE_API_VERSION,
      kind: "Resource",
      metadata: {
        name: resourceName(domain, name),
        title: `${spec.displayName} table`,
        description:
          product.storageUri === null ? spec.description : `Stored at ${product.storageUri}`,
        ...common,
      },
      spec: {
        type: "table",
        owner,
        system,
        ...(inputs.length > 0 ? { dependsOn: inputs } : {}),
      },
    },
    {
      apiVersion: BACKSTAGE_API_VERSION,
      kind: "API",
      metadata: {
        name: apiName(domain, name),
        title: `${spec.displayName} data contract`,
        description: `The Meshplane data product spec of ${domain}/${name}.`,
        ...common,
      },
      spec: {
        type: "meshplane-data-product",
        lifecycle: "production",
        owner,
        system,
        definition: stringify(spec),
      },
    },
  ];
}

/** Entities as one YAML stream (`---` between documents): a product's catalog-info.yaml. */
export function toCatalogInfo(entities: readonly BackstageEntity[]): string {
  return entities.map((entity) => stringify(entity)).join("---\n");
}
