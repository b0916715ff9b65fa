/**
 * The catalog's sort orders and facets. Kept apart from api-schemas.ts (which re-exports them)
 * because the catalog page's client code needs the lists, and importing them from there would
 * ship zod and the contract to the browser.
 */
export const CATALOG_SORTS = ["relevance", "name", "updated"] as const;

export const FACETS = ["domain", "tier", "cloud", "classification", "owner"] as const;
export type Facet = (typeof FACETS)[number];

/**
 * The catalog's access filter: `mine` keeps the products the caller's domains may read through
 * the catalog (core/access.ts `grantAllowsRead`): their own, those whose classification needs no
 * grant, and those with a grant in force to one of them.
 */
export const CATALOG_ACCESS = ["mine"] as const;
export type CatalogAccess = (typeof CATALOG_ACCESS)[number];
