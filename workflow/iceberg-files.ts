/**
 * Where the catalog reads and writes tables' metadata files, keyed by the location's URI scheme:
 * `file://` (the local target's warehouse), `abfss://` (an Azure product's ADLS Gen2 container,
 * reached through the Blob API, which ADLS Gen2 accepts on the same data), `s3://` (an AWS
 * product's bucket, read only: Glue is that table's catalog) and `gs://` (a GCP product's bucket,
 * read only: BigQuery owns that table's writes). A file is only ever created, never
 * overwritten (`wx`, `If-None-Match: *`), so a commit's compare-and-swap in the database stays the
 * one commit point.
 *
 * Azure credentials: DefaultAzureCredential, unless MESHPLANE_AZURE_STORAGE_CONNECTION_STRING names
 * an account (the Azurite emulator in tests). S3: the SDK's default chain and region resolution
 * (AWS_ENDPOINT_URL_S3 points it at another endpoint). GCS: Application Default Credentials
 * (STORAGE_EMULATOR_HOST, which the SDK honours, points it at an emulator without credentials).
 */
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { readFile, rm } from "node:fs/promises";
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { GetObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { DefaultAzureCredential } from "@azure/identity";
import { BlobServiceClient, type ContainerClient } from "@azure/storage-blob";
import { Storage } from "@google-cloud/storage";
import { parseBaseConfig } from "#config";
import { InvalidUpdate } from "#lib/iceberg/updates";

/** Reads a metadata file's text; anything unreadable is InvalidUpdate (REST 400, settle audits it). */
export interface MetadataReader {
  read(location: string): Promise<string>;
}

/** A store the catalog commits into: files are created once and removed only by a losing writer. */
export interface MetadataStore extends MetadataReader {
  /** Creates the file; fails when it exists. */
  create(location: string, text: string): Promise<void>;
  remove(location: string): Promise<void>;
}

function unreadable(location: string, error: unknown): InvalidUpdate {
  const reason = error instanceof Error ? `: ${error.message}` : "";
  return new InvalidUpdate(`cannot read the metadata file ${location}${reason}`);
}

function codeOf(error: unknown): unknown {
  return error instanceof Error && "code" in error ? error.code : undefined;
}

/** Creates `path` with `text`; the folder is made only when missing, not on every commit. */
function writeNewFile(path: string, text: string): void {
  try {
    writeFileSync(path, `${text}\n`, { flag: "wx" });
  } catch (error) {
    if (codeOf(error) !== "ENOENT") throw error;
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, `${text}\n`, { flag: "wx" });
  }
}

/**
 * A write that failed after `wx` created the file (ENOSPC, EIO half-way) leaves a truncated file
 * that is this writer's alone (names are unique): removed, so no reader meets half a metadata
 * file. EEXIST is another writer's file and stays.
 */
function removePartialFile(path: string, error: unknown): void {
  if (codeOf(error) === "EEXIST") return;
  try {
    rmSync(path, { force: true });
  } catch {
    // Nothing refers to it either way; the write's own error is the one to report.
  }
}

export const localFiles: MetadataStore = {
  async read(location) {
    try {
      return await readFile(fileURLToPath(location), "utf8");
    } catch (error) {
      throw unreadable(location, error);
    }
  },
  // Synchronous on purpose: a metadata file is a few KB on a local disk, written in tens of
  // microseconds; the asynchronous write took three thread-pool round trips (open, write, close)
  // that cost a commit 0.5-3 ms on a busy machine (docs/performance.md §7).
  create(location, text) {
    const path = fileURLToPath(location);
    try {
      writeNewFile(path, text);
    } catch (error) {
      removePartialFile(path, error);
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
    return Promise.resolve();
  },
  async remove(location) {
    await rm(fileURLToPath(location), { force: true });
  },
};

/** `abfss://<container>@<account>.dfs.core.windows.net/<path>` split into its parts. */
export function parseAbfss(location: string): { account: string; container: string; path: string } {
  const match = /^abfss:\/\/([^@/]+)@([^./]+)\.dfs\.core\.windows\.net\/(.+)$/.exec(location);
  if (match?.[1] === undefined || match[2] === undefined || match[3] === undefined)
    throw new InvalidUpdate(
      `${location} is not an abfss://<container>@<account>.dfs.core.windows.net/<path> URI`,
    );
  return { container: match[1], account: match[2], path: match[3] };
}

/** Blob files of the container an `abfss://` URI names; `containerOf` builds the client. */
export function blobFiles(containerOf: (account: string, container: string) => ContainerClient) {
  const blob = (location: string) => {
    const { account, container, path } = parseAbfss(location);
    return containerOf(account, container).getBlockBlobClient(path);
  };
  const store: MetadataStore = {
    async read(location) {
      try {
        return (await blob(location).downloadToBuffer()).toString("utf8");
      } catch (error) {
        throw unreadable(location, error);
      }
    },
    async create(location, text) {
      await blob(location).upload(text, Buffer.byteLength(text), {
        conditions: { ifNoneMatch: "*" },
        blobHTTPHeaders: { blobContentType: "application/json" },
      });
    },
    async remove(location) {
      await blob(location).deleteIfExists();
    },
  };
  return store;
}

/** The account's containers: from the connection string when one is configured, else Entra ID. */
export function azureContainers(connectionString: string | undefined) {
  const services = new Map<string, BlobServiceClient>();
  return (account: string, container: string): ContainerClient => {
    let service = services.get(account);
    if (service === undefined) {
      if (connectionString !== undefined) {
        service = BlobServiceClient.fromConnectionString(connectionString);
        if (service.accountName !== account)
          throw new InvalidUpdate(
            `the configured Azure storage connection string is for ${service.accountName}, not ${account}`,
          );
      } else {
        service = new BlobServiceClient(
          `https://${account}.blob.core.windows.net`,
          new DefaultAzureCredential(),
        );
      }
      services.set(account, service);
    }
    return service.getContainerClient(container);
  };
}

/** Reads `s3://<bucket>/<key>` with GetObject (read only: Glue holds these tables' commits). */
export function s3Files(client: Pick<S3Client, "send">): MetadataReader {
  return {
    async read(location) {
      const match = /^s3a?:\/\/([^/]+)\/(.+)$/.exec(location);
      if (match?.[1] === undefined || match[2] === undefined)
        throw new InvalidUpdate(`${location} is not an s3://<bucket>/<key> URI`);
      try {
        const object = await client.send(new GetObjectCommand({ Bucket: match[1], Key: match[2] }));
        if (object.Body === undefined) throw new Error("empty body");
        return await object.Body.transformToString("utf8");
      } catch (error) {
        throw unreadable(location, error);
      }
    },
  };
}

/** `gs://<bucket>/<object>` split into its parts. */
export function parseGs(location: string): { bucket: string; name: string } {
  const match = /^gs:\/\/([^/]+)\/(.+)$/.exec(location);
  if (match?.[1] === undefined || match[2] === undefined)
    throw new InvalidUpdate(`${location} is not a gs://<bucket>/<object> URI`);
  return { bucket: match[1], name: match[2] };
}

/** Reads `gs://<bucket>/<object>` (read only: BigQuery owns these tables' writes). */
export function gcsFiles(storage: Pick<Storage, "bucket">): MetadataReader {
  return {
    async read(location) {
      const { bucket, name } = parseGs(location);
      try {
        const [contents] = await storage.bucket(bucket).file(name).download();
        return contents.toString("utf8");
      } catch (error) {
        throw unreadable(location, error);
      }
    },
  };
}

export interface MetadataFileIO {
  /** A store the catalog may write into, or InvalidUpdate for a location it never writes. */
  store(location: string): MetadataStore;
  /** A reader for any location the catalog serves; `region` is the bucket's (S3). */
  reader(location: string, region?: string): MetadataReader;
}

/** The IO every process uses, built from its configuration. */
export function metadataFileIO(options: { azureConnectionString?: string }): MetadataFileIO {
  const azure = blobFiles(azureContainers(options.azureConnectionString));
  const s3 = new Map<string, MetadataReader>();
  let gcs: MetadataReader | undefined;
  const s3For = (region: string | undefined) => {
    const key = region ?? "";
    let reader = s3.get(key);
    if (reader === undefined) {
      reader = s3Files(
        new S3Client({ ...(region === undefined ? {} : { region }), followRegionRedirects: true }),
      );
      s3.set(key, reader);
    }
    return reader;
  };
  const store = (location: string): MetadataStore => {
    if (location.startsWith("file:")) return localFiles;
    if (location.startsWith("abfss:")) return azure;
    throw new InvalidUpdate(
      `the catalog writes metadata only for file:// (local) and abfss:// (Azure) table locations, not ${location}`,
    );
  };
  return {
    store,
    reader(location, region) {
      if (/^s3a?:/.test(location)) return s3For(region);
      if (location.startsWith("gs:")) return (gcs ??= gcsFiles(new Storage()));
      return store(location);
    },
  };
}

let configured: { connectionString: string | undefined; io: MetadataFileIO } | undefined;

/** The IO of this process's configuration (rebuilt when the connection string changes). */
export function configuredMetadataFileIO(): MetadataFileIO {
  const connectionString = parseBaseConfig(process.env).azureStorageConnectionString;
  if (configured !== undefined && configured.connectionString === connectionString)
    return configured.io;
  const io = metadataFileIO(
    connectionString === undefined ? {} : { azureConnectionString: connectionString },
  );
  configured = { connectionString, io };
  return io;
}
