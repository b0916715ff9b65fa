/**
 * The dynamic provider behind GlueTableMetadata: after the Glue table exists (CatalogRegistration
 * creates it and Glue writes its first Iceberg metadata file), this keeps the table's Iceberg
 * metadata in step with the spec. A schema, partition or sort change becomes a new metadata
 * version in the table's S3 folder, never a new table:
 *
 * 1. Glue `GetTable`: the table's `metadata_location` (what engines committing through Glue last
 *    committed: Glue is their catalog) and its `VersionId`;
 * 2. S3 `GetObject` of that file; `nextTableMetadata` (components/local/iceberg-metadata.ts, the
 *    same code as the local and Azure tables) evolves it: existing field ids kept, new columns
 *    above `last-column-id`, schema appended with `current-schema-id` moved, snapshots kept;
 *    nothing to do when the metadata already says what the spec says;
 * 3. S3 `PutObject` of `<NNNNN+1>-<uuid>.metadata.json` with `If-None-Match: *` (never
 *    overwrites a file);
 * 4. Glue `UpdateTable` with `VersionId` of step 1 (Glue's optimistic check: a table changed in
 *    between is refused with ConcurrentModificationException), `metadata_location` on the new file
 *    and `previous_metadata_location` on the old one, as Iceberg's GlueCatalog commits.
 *
 * A writer that loses a race deletes the file it wrote (never current) and starts again from the
 * winner's version. The storage and the table are never replaced or deleted.
 *
 * Pulumi serialises these functions into its dynamic-provider process, where project modules
 * cannot be imported: the SDKs are loaded with `createRequire` from the program's directory, and
 * everything else is captured from this file, planning/glue-metadata.ts and iceberg-metadata.ts.
 */
import type * as glueSdk from "@aws-sdk/client-glue";
import type * as s3Sdk from "@aws-sdk/client-s3";
import type * as pulumi from "@pulumi/pulumi";
import {
  asTableMetadata,
  metadataText,
  nextTableMetadata,
  parseMetadataText,
  type IcebergTableInput,
  type MetadataClock,
} from "../local/iceberg-metadata";
import { nextGlueTableInput, nextMetadataFile, s3Object } from "./planning/glue-metadata";

export interface GlueTableMetadataInputs {
  region: string;
  databaseName: string;
  tableName: string;
  /** s3:// URI of the table (its Iceberg `location`). */
  location: string;
  table: IcebergTableInput;
}

export interface GlueTableMetadataOutputs extends GlueTableMetadataInputs {
  /** s3:// URI of the table's current metadata file, as Glue's `metadata_location` says. */
  metadataLocation: string;
  tableUuid: string;
}

/** The SDK clients and commands the writer uses (the real SDK, or a test's mocks of it). */
export interface GlueTableApi {
  glue: Pick<glueSdk.GlueClient, "send">;
  s3: Pick<s3Sdk.S3Client, "send">;
  GetTableCommand: typeof glueSdk.GetTableCommand;
  UpdateTableCommand: typeof glueSdk.UpdateTableCommand;
  GetObjectCommand: typeof s3Sdk.GetObjectCommand;
  PutObjectCommand: typeof s3Sdk.PutObjectCommand;
  DeleteObjectCommand: typeof s3Sdk.DeleteObjectCommand;
}

/** Races lost in a row before giving up: another writer keeps committing. */
const ATTEMPTS = 5;

function errorName(error: unknown): string | undefined {
  const name: unknown =
    typeof error === "object" && error !== null ? Reflect.get(error, "name") : undefined;
  return typeof name === "string" ? name : undefined;
}

function httpStatus(error: unknown): number | undefined {
  const metadata: unknown =
    typeof error === "object" && error !== null ? Reflect.get(error, "$metadata") : undefined;
  const status: unknown =
    typeof metadata === "object" && metadata !== null
      ? Reflect.get(metadata, "httpStatusCode")
      : undefined;
  return typeof status === "number" ? status : undefined;
}

/** S3 refused the conditional create: the file exists (412), or a concurrent create won (409). */
function lostCreate(error: unknown): boolean {
  const status = httpStatus(error);
  return (
    status === 412 ||
    status === 409 ||
    errorName(error) === "PreconditionFailed" ||
    errorName(error) === "ConditionalRequestConflict"
  );
}

async function readText(api: GlueTableApi, uri: string): Promise<string> {
  const { bucket, key } = s3Object(uri);
  const object = await api.s3.send(new api.GetObjectCommand({ Bucket: bucket, Key: key }));
  if (object.Body === undefined) throw new Error(`${uri} has no body`);
  return object.Body.transformToString("utf8");
}

/**
 * Brings the Glue table's Iceberg metadata to `inputs.table`; idempotent. Exported for the tests,
 * which hand it mocked clients.
 */
export async function writeGlueTableMetadata(
  api: GlueTableApi,
  inputs: GlueTableMetadataInputs,
  clock: () => MetadataClock,
): Promise<GlueTableMetadataOutputs> {
  const where = `Glue table ${inputs.databaseName}.${inputs.tableName}`;
  for (let attempt = 0; attempt < ATTEMPTS; attempt += 1) {
    const { Table: table } = await api.glue.send(
      new api.GetTableCommand({ DatabaseName: inputs.databaseName, Name: inputs.tableName }),
    );
    const currentFile = table?.Parameters?.metadata_location;
    if (table === undefined || table.Parameters?.table_type?.toUpperCase() !== "ICEBERG") {
      throw new Error(`${where} is not an Iceberg table (no table_type ICEBERG)`);
    }
    if (currentFile === undefined || currentFile === "") {
      throw new Error(`${where} has no metadata_location: Glue has not written its metadata`);
    }
    const current = asTableMetadata(
      parseMetadataText(await readText(api, currentFile)),
      currentFile,
    );
    const time = clock();
    const next = nextTableMetadata(
      inputs.table,
      inputs.location,
      { metadata: current, file: currentFile },
      time,
    );
    if (next === undefined) {
      return { ...inputs, metadataLocation: currentFile, tableUuid: current["table-uuid"] };
    }
    const nextFile = nextMetadataFile(next.location, currentFile, current, time.newUuid());
    const { bucket, key } = s3Object(nextFile);
    const text = metadataText(next);
    try {
      await api.s3.send(
        new api.PutObjectCommand({
          Bucket: bucket,
          Key: key,
          Body: text,
          ContentType: "application/json",
          IfNoneMatch: "*",
        }),
      );
    } catch (error) {
      if (lostCreate(error)) continue;
      throw error;
    }
    try {
      await api.glue.send(
        new api.UpdateTableCommand({
          DatabaseName: inputs.databaseName,
          TableInput: nextGlueTableInput(table, currentFile, nextFile, next),
          ...(table.VersionId === undefined ? {} : { VersionId: table.VersionId }),
        }),
      );
    } catch (error) {
      // An answer lost on the way may hide a commit: the file is current if Glue points at it.
      const { Table: after } = await api.glue.send(
        new api.GetTableCommand({ DatabaseName: inputs.databaseName, Name: inputs.tableName }),
      );
      if (after?.Parameters?.metadata_location === nextFile) {
        return { ...inputs, metadataLocation: nextFile, tableUuid: next["table-uuid"] };
      }
      // Never current: the file goes (an orphan left by a failed delete is harmless).
      try {
        await api.s3.send(new api.DeleteObjectCommand({ Bucket: bucket, Key: key }));
      } catch {
        // Left behind, never referenced: no engine reads it.
      }
      if (errorName(error) === "ConcurrentModificationException") continue;
      throw error;
    }
    return { ...inputs, metadataLocation: nextFile, tableUuid: next["table-uuid"] };
  }
  throw new Error(
    `${where}: another writer committed ${ATTEMPTS} times while this deploy tried to; deploy again`,
  );
}

/** The SDK with the deployer's credentials (the default chain), in the table's region. */
function sdkApi(region: string): GlueTableApi {
  const { createRequire } = process.getBuiltinModule("node:module");
  const load = createRequire(`${process.cwd()}/`);
  const glue = load("@aws-sdk/client-glue") as typeof glueSdk;
  const s3 = load("@aws-sdk/client-s3") as typeof s3Sdk;
  return {
    glue: new glue.GlueClient({ region }),
    s3: new s3.S3Client({ region }),
    GetTableCommand: glue.GetTableCommand,
    UpdateTableCommand: glue.UpdateTableCommand,
    GetObjectCommand: s3.GetObjectCommand,
    PutObjectCommand: s3.PutObjectCommand,
    DeleteObjectCommand: s3.DeleteObjectCommand,
  };
}

function systemClock(): MetadataClock {
  const { randomUUID } = process.getBuiltinModule("node:crypto");
  return { nowMs: Date.now(), newUuid: randomUUID };
}

export const glueTableMetadataProvider: pulumi.dynamic.ResourceProvider<
  GlueTableMetadataInputs,
  GlueTableMetadataOutputs
> = {
  diff(_id, olds, news) {
    const replaces = (["region", "databaseName", "tableName"] as const).filter(
      (key) => olds[key] !== news[key],
    );
    const changed =
      olds.location !== news.location || JSON.stringify(olds.table) !== JSON.stringify(news.table);
    return Promise.resolve({ changes: replaces.length > 0 || changed, replaces });
  },
  /**
   * Adopts the table Glue created: nothing is written when Glue's first metadata already says
   * what the spec says (the usual case); a product deployed before this resource existed gets
   * its pending change here.
   */
  async create(inputs) {
    const outs = await writeGlueTableMetadata(sdkApi(inputs.region), inputs, systemClock);
    return { id: `${inputs.region}/${inputs.databaseName}/${inputs.tableName}`, outs };
  },
  async update(_id, _olds, news) {
    return { outs: await writeGlueTableMetadata(sdkApi(news.region), news, systemClock) };
  },
  /** The table and its files are data: deleting the resource leaves them (the table is retained). */
  async delete() {
    // Deliberately nothing.
  },
};
