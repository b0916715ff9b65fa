/**
 * The catalog's sort orders and facets. Kept apart from api-schemas.ts (which re-exports them)
 * because the catalog page's client code needs the lists, and importing them from there would
 * ship zod and the contract to the browser.
 */
export const CATALOG_SORTS = ["relevance", "name", "updated"] as const;

export const FACETS = ["domain", "tier", "cloud", "classification", "owner"] as const;
export type Facet = (typeof FACETS)[number];
