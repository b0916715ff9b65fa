/**
 * The spelling of domain slugs, product names and `domain/name` references, without zod: the
 * contract's schemas (spec.ts) check with these, and so do light browser modules that cannot
 * afford the whole contract in their first load (the lineage page's URL state).
 */
export const SLUG = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;
export const SLUG_RULE = "use lowercase letters, digits and single hyphens, starting with a letter";

export const DOMAIN_MIN_LENGTH = 2;
export const DOMAIN_MAX_LENGTH = 24;
export const NAME_MAX_LENGTH = 40;

export const PRODUCT_REF = /^[a-z][a-z0-9]*(-[a-z0-9]+)*\/[a-z][a-z0-9]*(-[a-z0-9]+)*$/;
export const PRODUCT_REF_RULE = "an input is written domain/name, e.g. payments/card-transactions";
