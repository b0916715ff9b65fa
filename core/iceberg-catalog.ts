/**
 * Where Meshplane's Iceberg REST catalog is served and how it names tables, shared by the portal
 * (which serves it), the workflow (which registers deployed tables) and the docs. One naming for
 * the catalog and lineage: namespace = the product's domain, table = the product's name.
 */

/** Base path of the Iceberg REST catalog below the portal's URL (engines use `<portal>/api/iceberg`). */
export const ICEBERG_CATALOG_PATH = "/api/iceberg";

/** The `prefix` path segment the config endpoint hands engines (`/v1/{prefix}/namespaces`). */
export const ICEBERG_PREFIX = "meshplane";

/** The URI an engine configures (`RestCatalog(uri=…)`, Spark's `…catalog.uri`). */
export function icebergCatalogUri(publicUrl: string): string {
  return `${publicUrl.replace(/\/+$/, "")}${ICEBERG_CATALOG_PATH}`;
}

/** A product's table identifier in the catalog: `[domain]` and `name`. */
export function icebergIdentifier(product: { domain: string; name: string }): {
  namespace: string[];
  name: string;
} {
  return { namespace: [product.domain], name: product.name };
}

/**
 * The OpenLineage dataset a catalog table is: namespace `meshplane`, name `<domain>.<table>`, the
 * name lineage already matches to the product's outputs (`meshplane:<database>.<table>` in
 * portal/shared/lineage/naming.ts). Engines that report the table by its storage location
 * (`file:///…/warehouse/<domain>/<name>`) match the same product through its storage URI.
 */
export function icebergLineageDataset(product: { domain: string; name: string }): {
  namespace: string;
  name: string;
} {
  return { namespace: "meshplane", name: `${product.domain}.${product.name}` };
}
