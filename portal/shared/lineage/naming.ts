/**
 * Dataset identity and how a dataset is matched to a data product, following OpenLineage's naming
 * conventions (spec/Naming.md): namespace = `scheme://authority` of the datasource, name = the path
 * or table within it. Pure; browser-safe.
 *
 * | Datasource  | OpenLineage namespace                          | name                  | key             |
 * | ----------- | ---------------------------------------------- | --------------------- | --------------- |
 * | S3          | `s3://bucket` (`s3a://`, `s3n://` too)          | `path/to/data`        | location        |
 * | GCS         | `gs://bucket`                                   | `path`                | location        |
 * | ADLS Gen2   | `abfss://container@account.dfs.core.windows.net` | `path`               | location        |
 * | Local files | `file` (or `file://host`)                       | `/absolute/path`      | location        |
 * | Glue        | `arn:aws:glue:region:account`                   | `table/database/table` | `glue:db.table` |
 * | BigQuery    | `bigquery`                                      | `project.dataset.table` | `bigquery:dataset.table` |
 * | Meshplane   | `meshplane`                                     | `domain.table`        | `meshplane:domain.table` |
 */
import type { CatalogOutput, DataProductOutputs } from "#contract";

export interface DatasetKeys {
  /** Normalised storage URI, without a trailing slash, e.g. `s3://bucket/path`. */
  location?: string;
  /** Catalog table, e.g. `glue:sales.orders`. */
  catalog?: string;
}

const S3_ALIASES = /^s3[an]?:\/\//i;

function joinPath(authority: string, path: string): string {
  const trimmed = path
    .replace(/^\/+/, "")
    .replace(/\/+$/, "")
    .replace(/\/{2,}/g, "/");
  return trimmed === "" ? authority : `${authority}/${trimmed}`;
}

/** A storage URI without trailing slashes and with `s3a://`/`s3n://` spelled `s3://`. */
export function normaliseStorageUri(uri: string): string {
  const match = /^([a-z][a-z0-9+.-]*):\/\/([^/]*)(.*)$/i.exec(uri.trim());
  if (match === null) return uri.trim();
  const [, scheme = "", authority = "", path = ""] = match;
  const canonical = S3_ALIASES.test(`${scheme}://`) ? "s3" : scheme.toLowerCase();
  if (canonical === "file") return `file://${joinPath(authority, path)}`;
  return joinPath(`${canonical}://${authority}`, path);
}

function locationOf(namespace: string, name: string): string | undefined {
  if (namespace === "file" || namespace === "file:" || /^file:\/\//.test(namespace)) {
    const host = namespace === "file" ? "" : namespace.replace(/^file:(\/\/)?/, "");
    return normaliseStorageUri(`file://${host}/${name.replace(/^\/+/, "")}`);
  }
  if (/^(s3[an]?|gs|abfss?|wasbs?|hdfs):\/\/[^/]+\/?$/i.test(namespace)) {
    return normaliseStorageUri(`${namespace.replace(/\/$/, "")}/${name}`);
  }
  return undefined;
}

function catalogOf(namespace: string, name: string): string | undefined {
  if (/^arn:aws:glue:/.test(namespace)) {
    const match = /^table\/([^/]+)\/([^/]+)$/.exec(name);
    return match === null ? undefined : `glue:${match[1]}.${match[2]}`.toLowerCase();
  }
  if (namespace === "bigquery") {
    const parts = name.split(".");
    return parts.length >= 2 ? `bigquery:${parts.slice(-2).join(".")}` : undefined;
  }
  if (namespace === "meshplane") {
    const parts = name.split(".");
    return parts.length === 2 ? `meshplane:${name}` : undefined;
  }
  return undefined;
}

/** What a dataset can be matched on. */
export function datasetKeys(namespace: string, name: string): DatasetKeys {
  const location = locationOf(namespace, name);
  const catalog = catalogOf(namespace, name);
  return {
    ...(location === undefined ? {} : { location }),
    ...(catalog === undefined ? {} : { catalog }),
  };
}

/** A location and each of its parents down to the bucket: a product owns everything under its URI. */
export function locationPrefixes(location: string): string[] {
  const match = /^([a-z0-9+.-]+:\/\/[^/]*)(.*)$/i.exec(location);
  if (match === null) return [location];
  const [, root = "", path = ""] = match;
  const segments = path.split("/").filter((segment) => segment !== "");
  const prefixes = segments.map((_, index) => `${root}/${segments.slice(0, index + 1).join("/")}`);
  return [...prefixes.reverse(), root];
}

export function catalogKey(catalog: CatalogOutput): string {
  const table = `${catalog.database}.${catalog.table}`;
  return `${catalog.kind}:${catalog.kind === "glue" ? table.toLowerCase() : table}`;
}

/** The keys a deployed product's outputs answer to. */
export function productKeys(outputs: DataProductOutputs): { location: string; catalog: string } {
  return {
    location: normaliseStorageUri(outputs.storageUri),
    catalog: catalogKey(outputs.catalog),
  };
}

/** Whether a dataset belongs to a product with these outputs. */
export function datasetMatchesProduct(keys: DatasetKeys, outputs: DataProductOutputs): boolean {
  const product = productKeys(outputs);
  if (keys.catalog !== undefined && keys.catalog === product.catalog) return true;
  return keys.location !== undefined && locationPrefixes(keys.location).includes(product.location);
}
