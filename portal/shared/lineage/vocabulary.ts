/**
 * The lineage graph's query vocabulary as plain constants, without zod, so pages can name them
 * without loading the API schemas (api-schemas.ts re-exports them). Browser-safe.
 */
export const LINEAGE_DIRECTIONS = ["upstream", "downstream", "both"] as const;
export type LineageDirection = (typeof LINEAGE_DIRECTIONS)[number];
export const LINEAGE_VIEWS = ["full", "datasets"] as const;
export type LineageView = (typeof LINEAGE_VIEWS)[number];
export const MAX_DEPTH = 10;
