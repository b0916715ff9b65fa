import "server-only";
/**
 * The catalog's "I have access" filter as SQL: the products a set of domains may read through
 * Meshplane's Iceberg REST catalog, by the rule of core/access.ts `grantAllowsRead` (which
 * `mayReadTable` applies to one table): a domain reads its own products, every product whose
 * classification needs no grant, and a product with a grant to it that is approved, made under
 * the product's current classification and not past its end date. The integration test holds
 * the two to the same answers.
 */
import { GRANTED_CLASSIFICATIONS } from "#core/access";
import { PRODUCT_TABLE, type SqlBuilder } from "./sql";

/** A WHERE clause over PRODUCT_TABLE: readable by one of `readers` (domain slugs) at `now`. */
export function readableByClause(
  sql: SqlBuilder,
  readers: readonly string[],
  now: Date = new Date(),
): string {
  const domains = sql.param([...readers]);
  return `("domain" = ANY(${domains}::text[])
    OR NOT ("classification"::text = ANY(${sql.param([...GRANTED_CLASSIFICATIONS])}::text[]))
    OR EXISTS (SELECT 1 FROM "access_grants" g
      WHERE g."product_id" = ${PRODUCT_TABLE}."id" AND g."consumer" = ANY(${domains}::text[])
        AND g."status" = 'approved' AND g."classification" = ${PRODUCT_TABLE}."classification"
        AND (g."ends_at" IS NULL OR g."ends_at" > ${sql.param(now)}::timestamptz)))`;
}
