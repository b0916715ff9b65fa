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

/** The audit action settle records when it cannot commit a deployment's table change. */
export const TABLE_EVOLUTION_FAILED = "iceberg-table.evolution-failed";

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

/** Glue's Iceberg REST endpoint of a region (AWS docs: "Connecting to the Data Catalog using AWS Glue Iceberg REST endpoint"). */
export const glueRestUri = (region: string): string =>
  `https://glue.${region}.amazonaws.com/iceberg`;

/** BigLake metastore's Iceberg REST catalog (GA path; `v1beta` was the preview's). */
export const BIGLAKE_REST_URI = "https://biglake.googleapis.com/iceberg/v1/restcatalog";

/**
 * Iceberg Java's auth manager for Google (the `iceberg-gcp` module): the property value BigLake's
 * documented engine configurations use for `rest.auth.type`.
 */
export const GOOGLE_AUTH_MANAGER = "org.apache.iceberg.gcp.auth.GoogleAuthManager";

/**
 * Where a product's table is committed, decided by the product's cloud alone (the one source of
 * truth): local and Azure tables live in Meshplane's catalog (it writes their metadata files);
 * an AWS table's commits go through Glue, a GCP table's through BigQuery (BigLake), so Meshplane
 * serves those read-only from the metadata location the deployment output (Glue's
 * `metadata_location`; the file BigQuery's `EXPORT TABLE METADATA` wrote). A GCP product deployed
 * before that output existed has no location (`exported` false): it is listed, not loadable.
 */
export type TableHome =
  | { kind: "meshplane" }
  | { kind: "glue"; region: string; catalogId: string | undefined }
  | {
      kind: "biglake";
      warehouse: string | undefined;
      project: string | undefined;
      exported: boolean;
    };

export interface HomeOutputs {
  region: string;
  storageUri: string;
  catalog: {
    catalogId?: string | undefined;
    project?: string | undefined;
    metadataLocation?: string | undefined;
  };
}

export function tableHome(cloud: string, outputs: HomeOutputs | undefined): TableHome {
  if (cloud === "aws")
    return {
      kind: "glue",
      region: outputs?.region ?? "<region>",
      catalogId: outputs?.catalog.catalogId,
    };
  if (cloud === "gcp") {
    const bucket =
      outputs === undefined ? undefined : /^gs:\/\/([^/]+)/.exec(outputs.storageUri)?.[1];
    return {
      kind: "biglake",
      warehouse: bucket === undefined ? undefined : `gs://${bucket}`,
      project: outputs?.catalog.project,
      exported: outputs?.catalog.metadataLocation !== undefined,
    };
  }
  return { kind: "meshplane" };
}

/**
 * The LoadTableResult `config` of a table Meshplane serves read-only: how an engine reaches its
 * real home for writes, in the property names pyiceberg and Iceberg Java read. Glue: SigV4
 * (`rest.sigv4-enabled`, `rest.signing-name`, `rest.signing-region`). BigLake: Google auth
 * (`rest.auth.type`, Iceberg Java's; pyiceberg takes `auth: {type: google}`, which a flat string
 * map cannot carry) and the project billed (`header.x-goog-user-project`). Nothing for
 * Meshplane's own tables.
 */
export function homeConfig(home: TableHome): Record<string, string> {
  if (home.kind === "glue")
    return {
      uri: glueRestUri(home.region),
      ...(home.catalogId === undefined ? {} : { warehouse: home.catalogId }),
      "rest.sigv4-enabled": "true",
      "rest.signing-name": "glue",
      "rest.signing-region": home.region,
    };
  if (home.kind === "biglake")
    return {
      uri: BIGLAKE_REST_URI,
      ...(home.warehouse === undefined ? {} : { warehouse: home.warehouse }),
      "rest.auth.type": GOOGLE_AUTH_MANAGER,
      ...(home.project === undefined ? {} : { "header.x-goog-user-project": home.project }),
    };
  return {};
}

/** Why a write to a table Meshplane does not hold is refused, and where to write instead. */
export function homeRefusal(home: TableHome, table: string): string | undefined {
  if (home.kind === "glue") {
    const warehouse = home.catalogId === undefined ? "the AWS account id" : home.catalogId;
    return (
      `${table} is an AWS Glue table: Meshplane serves it read-only. Commit through Glue's Iceberg ` +
      `REST catalog ${glueRestUri(home.region)} (warehouse ${warehouse}, SigV4 signing name glue, ` +
      `region ${home.region}); the next deployment brings Meshplane up to date`
    );
  }
  if (home.kind === "biglake") {
    const warehouse = home.warehouse ?? "gs://<the product's bucket>";
    const served = home.exported
      ? "Meshplane serves it read-only from the metadata BigQuery exported at its last deployment"
      : "Meshplane lists it but cannot load it until a deployment exports its metadata " +
        "(EXPORT TABLE METADATA)";
    return (
      `${table} is a BigQuery (BigLake) Iceberg table, whose writes BigQuery owns: ${served}. ` +
      `Write through BigQuery or the BigLake metastore Iceberg REST catalog ${BIGLAKE_REST_URI} ` +
      `(warehouse ${warehouse})`
    );
  }
  return undefined;
}
