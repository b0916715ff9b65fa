/**
 * The pure part of moving a Glue Iceberg table to its next metadata version (see
 * ../table-metadata-provider.ts): where the next `<NNNNN>-<uuid>.metadata.json` goes, and the Glue
 * `TableInput` that points the table at it. The metadata itself is built by the same code as the
 * local and Azure tables' (components/local/iceberg-metadata.ts, `nextTableMetadata`).
 *
 * The table input follows what Iceberg's own GlueCatalog commits: the table is kept as it is
 * (type, owner, description, storage descriptor settings, every parameter), `metadata_location`
 * moves to the new file and `previous_metadata_location` names the one it replaces, and the
 * storage descriptor's columns are the current schema's, each with its Iceberg field id, so
 * Athena and the Glue console show what engines read.
 *
 * No runtime imports (type imports only): the dynamic provider captures these functions, and
 * Pulumi serialises them into the provider process, where no project module can be imported.
 */
import type { Column, Table, TableInput } from "@aws-sdk/client-glue";
import type { SchemaField, TableMetadata } from "../../local/iceberg-metadata";

/** Glue's limit on a column comment; Iceberg docs may be longer (the metadata keeps them whole). */
const GLUE_COMMENT_MAX = 255;

/** The Hive type Glue shows for an Iceberg primitive (Iceberg's own IcebergToGlueConverter). */
export function hiveType(icebergType: string): string {
  const type = icebergType.replace(/\s+/g, "");
  switch (type) {
    case "long":
      return "bigint";
    case "time":
    case "uuid":
      return "string";
    case "timestamptz":
    case "timestamp_ns":
    case "timestamptz_ns":
      return "timestamp";
    default:
      if (/^fixed\[\d+\]$/.test(type)) return "binary";
      return type;
  }
}

/** The storage descriptor columns of a schema: Hive types, with the Iceberg field id of each. */
export function glueColumns(fields: readonly SchemaField[]): Column[] {
  return fields.map((field) => ({
    Name: field.name,
    Type: hiveType(field.type),
    ...(field.doc === undefined ? {} : { Comment: field.doc.slice(0, GLUE_COMMENT_MAX) }),
    Parameters: {
      "iceberg.field.id": String(field.id),
      "iceberg.field.optional": String(!field.required),
      "iceberg.field.current": "true",
    },
  }));
}

const baseName = (file: string): string => file.slice(file.lastIndexOf("/") + 1);

/**
 * The number the next metadata file carries: one above the current file's `NNNNN-` prefix (how
 * Glue and Iceberg's catalogs name them), else one above the versions the metadata log counts.
 */
export function nextMetadataNumber(currentFile: string, current: TableMetadata): number {
  const match = /^(\d+)-/.exec(baseName(currentFile));
  return match === null ? current["metadata-log"].length + 1 : Number(match[1]) + 1;
}

/** `<location>/metadata/<NNNNN>-<uuid>.metadata.json` of the next version. */
export function nextMetadataFile(
  location: string,
  currentFile: string,
  current: TableMetadata,
  uuid: string,
): string {
  const number = String(nextMetadataNumber(currentFile, current)).padStart(5, "0");
  return `${location.replace(/\/+$/, "")}/metadata/${number}-${uuid}.metadata.json`;
}

/** Bucket and key of an `s3://` URI (Glue and Iceberg also write `s3a://`). */
export function s3Object(uri: string): { bucket: string; key: string } {
  const match = /^s3a?:\/\/([^/]+)\/(.+)$/.exec(uri);
  if (match?.[1] === undefined || match[2] === undefined) {
    throw new Error(`${uri} is not an s3:// object URI`);
  }
  return { bucket: match[1], key: match[2] };
}

/** The metadata's current schema; an error when the metadata names one it does not hold. */
export function currentSchemaFields(metadata: TableMetadata): SchemaField[] {
  const schema = metadata.schemas.find((s) => s["schema-id"] === metadata["current-schema-id"]);
  if (schema === undefined) {
    throw new Error(`the table metadata has no schema ${metadata["current-schema-id"]}`);
  }
  return schema.fields;
}

/**
 * The UpdateTable input that commits `next` (written at `nextFile`) over the table as Glue
 * returned it, whose `metadata_location` was `currentFile`.
 */
export function nextGlueTableInput(
  table: Table,
  currentFile: string,
  nextFile: string,
  next: TableMetadata,
): TableInput {
  if (table.Name === undefined) throw new Error("Glue returned a table without a name");
  const descriptor = table.StorageDescriptor ?? {};
  return {
    Name: table.Name,
    ...(table.Description === undefined ? {} : { Description: table.Description }),
    ...(table.Owner === undefined ? {} : { Owner: table.Owner }),
    ...(table.Retention === undefined ? {} : { Retention: table.Retention }),
    ...(table.PartitionKeys === undefined ? {} : { PartitionKeys: table.PartitionKeys }),
    TableType: table.TableType ?? "EXTERNAL_TABLE",
    Parameters: {
      ...table.Parameters,
      table_type: "ICEBERG",
      metadata_location: nextFile,
      previous_metadata_location: currentFile,
    },
    StorageDescriptor: {
      ...descriptor,
      Location: next.location,
      Columns: glueColumns(currentSchemaFields(next)),
    },
  };
}
