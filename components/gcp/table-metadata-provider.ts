/**
 * The dynamic provider behind BigQueryTableMetadata: the location of the Iceberg metadata of a
 * product's BigQuery (BigLake) Iceberg table, for Meshplane's catalog to serve read-only.
 *
 * BigQuery keeps such a table's metadata itself; it publishes it in Iceberg's form only when told
 * to: the statement `EXPORT TABLE METADATA FROM <table>` writes the current snapshot's metadata
 * under the table's storage URI, `metadata/v<N>.metadata.json` plus manifests and a
 * `version-hint.text` (docs.cloud.google.com/bigquery/docs/iceberg-tables, "Create / View
 * Iceberg table metadata snapshots"; BigQuery also writes `v0.metadata.json` at create). So:
 *
 * 1. a BigQuery query job runs that statement, in the dataset's location, with the deployer's
 *    credentials (Application Default Credentials);
 * 2. the objects under `<storage URI>/metadata/` are listed and the highest `v<N>.metadata.json`
 *    is the table's current metadata (`metadataLocation`, gs://).
 *
 * Create and every change of the table (its schema, storage) run both steps; refresh (`read`)
 * runs only the listing, so it picks up what BigQuery exported since (its metadata auto-refresh
 * or a scheduled export) without running a job. Delete leaves everything: the files are data.
 *
 * Pulumi serialises these functions into its dynamic-provider process, where project modules
 * cannot be imported: the SDKs are loaded with `createRequire` from the program's directory.
 * BIGQUERY_EMULATOR_HOST and STORAGE_EMULATOR_HOST, which the SDKs honour, point them elsewhere.
 */
import type * as bigquerySdk from "@google-cloud/bigquery";
import type * as storageSdk from "@google-cloud/storage";
import type * as pulumi from "@pulumi/pulumi";

export interface BigQueryTableMetadataInputs {
  project: string;
  datasetId: string;
  tableId: string;
  /** The dataset's location, where BigQuery runs the export job. */
  location: string;
  /** gs:// folder of the table (its BigLake storage URI, without the trailing slash). */
  storageUri: string;
  /** The table's BigQuery schema (JSON): a change is exported again. */
  schema: string;
}

export interface BigQueryTableMetadataOutputs extends BigQueryTableMetadataInputs {
  /** gs:// URI of the newest metadata file BigQuery exported. */
  metadataLocation: string;
}

/** What the provider asks of BigQuery and Cloud Storage (the SDKs, or a test's stand-ins). */
export interface BigQueryExportApi {
  bigquery: Pick<bigquerySdk.BigQuery, "createQueryJob">;
  storage: Pick<storageSdk.Storage, "bucket">;
}

const METADATA_FILE = /^v(\d+)\.metadata\.json$/;

/**
 * The error's message; for a failed BigQuery job the SDK's is generic ("A failure occurred…")
 * and BigQuery's own reasons are in its `errors` (the job status's), so those are given.
 */
function message(error: unknown): string {
  const errors: unknown =
    typeof error === "object" && error !== null ? Reflect.get(error, "errors") : undefined;
  const reasons = Array.isArray(errors)
    ? errors
        .map((item: unknown): unknown =>
          typeof item === "object" && item !== null ? Reflect.get(item, "message") : undefined,
        )
        .filter((text): text is string => typeof text === "string" && text !== "")
    : [];
  if (reasons.length > 0) return reasons.join("; ");
  return error instanceof Error ? error.message : String(error);
}

/** `gs://<bucket>/<path>` of the table folder, split. */
export function tableFolder(storageUri: string): { bucket: string; path: string } {
  const match = /^gs:\/\/([^/]+)\/(.+?)\/*$/.exec(storageUri);
  if (match?.[1] === undefined || match[2] === undefined)
    throw new Error(`${storageUri} is not a gs://<bucket>/<path> table folder`);
  return { bucket: match[1], path: match[2] };
}

/** The statement, with each part quoted; a part that could escape its quotes is refused. */
export function exportStatement(inputs: BigQueryTableMetadataInputs): string {
  const parts = [inputs.project, inputs.datasetId, inputs.tableId];
  for (const part of parts) {
    if (part === "" || /[`\\\n\r]/.test(part))
      throw new Error(`${part} is not a BigQuery project, dataset or table name`);
  }
  return `EXPORT TABLE METADATA FROM ${parts.map((part) => `\`${part}\``).join(".")}`;
}

/** The newest `v<N>.metadata.json` among object names below `<path>/metadata/`. */
export function newestMetadataFile(names: readonly string[], path: string): string | undefined {
  const folder = `${path}/metadata/`;
  let newest: { version: bigint; name: string } | undefined;
  for (const name of names) {
    if (!name.startsWith(folder)) continue;
    const version = METADATA_FILE.exec(name.slice(folder.length))?.[1];
    if (version === undefined) continue;
    if (newest === undefined || BigInt(version) > newest.version)
      newest = { version: BigInt(version), name };
  }
  return newest?.name;
}

/** Step 2: the gs:// URI of the table's newest exported metadata file. */
export async function latestMetadataLocation(
  api: BigQueryExportApi,
  inputs: BigQueryTableMetadataInputs,
): Promise<string> {
  const where = `BigQuery table ${inputs.project}.${inputs.datasetId}.${inputs.tableId}`;
  const { bucket, path } = tableFolder(inputs.storageUri);
  const folder = `gs://${bucket}/${path}/metadata/`;
  let names: string[];
  try {
    const [files] = await api.storage
      .bucket(bucket)
      .getFiles({ prefix: `${path}/metadata/v`, autoPaginate: true });
    names = files.map((file) => file.name);
  } catch (error) {
    throw new Error(`${where}: cannot list ${folder}: ${message(error)}`, { cause: error });
  }
  const newest = newestMetadataFile(names, path);
  if (newest === undefined)
    throw new Error(`${where}: no v<N>.metadata.json in ${folder}: BigQuery exported none`);
  return `gs://${bucket}/${newest}`;
}

/** Steps 1 and 2: exports the table's metadata and returns the file written. */
export async function exportTableMetadata(
  api: BigQueryExportApi,
  inputs: BigQueryTableMetadataInputs,
): Promise<BigQueryTableMetadataOutputs> {
  const query = exportStatement(inputs);
  try {
    const [job] = await api.bigquery.createQueryJob({ query, location: inputs.location });
    await job.promise();
  } catch (error) {
    throw new Error(
      `BigQuery table ${inputs.project}.${inputs.datasetId}.${inputs.tableId}: ` +
        `EXPORT TABLE METADATA failed: ${message(error)}`,
      { cause: error },
    );
  }
  return { ...inputs, metadataLocation: await latestMetadataLocation(api, inputs) };
}

/** The SDKs with the deployer's credentials, billed to the table's project. */
export function sdkExportApi(project: string): BigQueryExportApi {
  const { createRequire } = process.getBuiltinModule("node:module");
  const load = createRequire(`${process.cwd()}/`);
  const bigquery = load("@google-cloud/bigquery") as typeof bigquerySdk;
  const storage = load("@google-cloud/storage") as typeof storageSdk;
  return {
    bigquery: new bigquery.BigQuery({ projectId: project }),
    storage: new storage.Storage({ projectId: project }),
  };
}

export const bigQueryTableMetadataProvider: pulumi.dynamic.ResourceProvider<
  BigQueryTableMetadataInputs,
  BigQueryTableMetadataOutputs
> = {
  diff(_id, olds, news) {
    const replaces = (["project", "datasetId", "tableId"] as const).filter(
      (key) => olds[key] !== news[key],
    );
    const changed = (["location", "storageUri", "schema"] as const).some(
      (key) => olds[key] !== news[key],
    );
    return Promise.resolve({ changes: replaces.length > 0 || changed, replaces });
  },
  async create(inputs) {
    const outs = await exportTableMetadata(sdkExportApi(inputs.project), inputs);
    return { id: `${inputs.project}.${inputs.datasetId}.${inputs.tableId}`, outs };
  },
  async update(_id, _olds, news) {
    return { outs: await exportTableMetadata(sdkExportApi(news.project), news) };
  },
  async read(id, props) {
    if (props === undefined) return { id };
    const metadataLocation = await latestMetadataLocation(sdkExportApi(props.project), props);
    return { id, props: { ...props, metadataLocation } };
  },
  /** The table and its files are data: deleting the resource leaves them (the table is retained). */
  async delete() {
    // Deliberately nothing.
  },
};
