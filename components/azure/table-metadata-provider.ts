/**
 * The dynamic provider behind IcebergTableMetadata: keeps a real Iceberg format-v2 table in the
 * product's ADLS Gen2 container, `<table path>/metadata/<NNNNN>-<uuid>.metadata.json` plus
 * `<table path>/metadata/version-hint.text`, through the Blob API (`@azure/storage-blob`; ADLS
 * Gen2 accounts accept it on the same data) with Microsoft Entra credentials
 * (DefaultAzureCredential) at deploy time.
 *
 * Once the table is in Meshplane's catalog (`catalogOwned`) the catalog is its only writer and an
 * update writes nothing. The metadata is built by the same pure code as the local warehouse's
 * (components/local/iceberg-metadata.ts): field ids kept, new columns above `last-column-id`,
 * snapshots an engine committed carried over. Writes are conditional: a metadata file is only
 * ever created (`If-None-Match: *`, never overwritten), and the version hint, the commit point, is
 * created the same way for a new table and replaced only if it still has the ETag it was read
 * with. A writer that loses the race (409 or 412) deletes the file it wrote, reads the table
 * again and builds on the winner's version.
 *
 * Pulumi serialises these functions into its dynamic-provider process, where project modules
 * cannot be imported: the SDKs are loaded with `createRequire` from the program's directory, and
 * everything else is captured from this file and iceberg-metadata.ts.
 */
import type { ContainerClient } from "@azure/storage-blob";
import type * as pulumi from "@pulumi/pulumi";
import {
  asTableMetadata,
  deployedTableMetadata,
  metadataText,
  parseMetadataText,
  pickCurrentMetadata,
  type IcebergTableInput,
  type MetadataCandidate,
  type MetadataClock,
} from "../local/iceberg-metadata";

export interface AzureTableMetadataInputs {
  accountName: string;
  containerName: string;
  /** The table's folder in the container, `<domain>/<name>`. */
  tablePath: string;
  /** abfss:// URI of the table (its Iceberg `location`). */
  location: string;
  table: IcebergTableInput;
  /**
   * The table is in Meshplane's Iceberg REST catalog, its only writer from then on: an update
   * writes nothing and outputs the current head (settle commits the spec's change through the
   * catalog). A container with no metadata yet still gets the table's first version.
   */
  catalogOwned?: boolean;
}

export interface AzureTableMetadataOutputs extends AzureTableMetadataInputs {
  /** abfss:// URI of the table's current metadata file: what the catalog registers. */
  metadataLocation: string;
  tableUuid: string;
}

const METADATA_FILE = /\.metadata\.json$/;
const NUMBERED = /^(\d+)-.+\.metadata\.json$/;
const HINT = "version-hint.text";
/** Races lost in a row before giving up: another writer keeps committing. */
const ATTEMPTS = 5;

function statusOf(error: unknown): number | undefined {
  const status: unknown =
    typeof error === "object" && error !== null ? Reflect.get(error, "statusCode") : undefined;
  return typeof status === "number" ? status : undefined;
}

async function download(
  container: ContainerClient,
  name: string,
): Promise<{ text: string; etag: string | undefined } | undefined> {
  try {
    const blob = container.getBlobClient(name);
    const properties = await blob.getProperties();
    const buffer = await blob.downloadToBuffer(0, undefined, {
      conditions: properties.etag === undefined ? {} : { ifMatch: properties.etag },
    });
    return { text: buffer.toString("utf8"), etag: properties.etag };
  } catch (error) {
    if (statusOf(error) === 404) return undefined;
    throw error;
  }
}

interface TableState {
  current: MetadataCandidate | undefined;
  /** ETag of the version hint, undefined when the table has none yet. */
  hintEtag: string | undefined;
  /** The highest NNNNN of the metadata files (-1 for none). */
  lastNumber: number;
}

/**
 * The table's current metadata: the newest head among its metadata files (pickCurrentMetadata,
 * as for the local warehouse), the version hint breaking ties. Once the Meshplane Iceberg REST
 * catalog holds the pointer, this is the step that asks it instead.
 */
async function readTable(container: ContainerClient, metadataDir: string): Promise<TableState> {
  // The hint is read before the listing: a writer uploads its file before the hint, so any hint
  // seen here has its file in the listing, and a hint written after this read fails our
  // conditional upload. Read the other way round, two writers could both "win".
  const hint = await download(container, `${metadataDir}/${HINT}`);
  const names: string[] = [];
  for await (const blob of container.listBlobsFlat({ prefix: `${metadataDir}/` })) {
    const name = blob.name.slice(metadataDir.length + 1);
    if (METADATA_FILE.test(name) && !name.includes("/")) names.push(name);
  }
  const candidates = await Promise.all(
    names.map(async (name) => {
      const found = await download(container, `${metadataDir}/${name}`);
      if (found === undefined) throw new Error(`${metadataDir}/${name} vanished while reading`);
      return { name, metadata: asTableMetadata(parseMetadataText(found.text), name) };
    }),
  );
  const hinted = hint?.text.trim();
  const hintName = names.find((name) => NUMBERED.exec(name)?.[1] === hinted);
  const lastNumber = names.reduce((max, name) => {
    const match = NUMBERED.exec(name);
    return match === null ? max : Math.max(max, Number(match[1]));
  }, -1);
  return {
    current: pickCurrentMetadata(candidates, hintName),
    hintEtag: hint?.etag,
    lastNumber,
  };
}

function isConflict(error: unknown): boolean {
  const status = statusOf(error);
  return status === 409 || status === 412;
}

/**
 * Creates or evolves the table in `container` so it matches `inputs`; idempotent. Exported for
 * the Azurite test, which hands it a container client of its own.
 */
export async function writeTableMetadata(
  container: ContainerClient,
  inputs: AzureTableMetadataInputs,
  clock: () => MetadataClock,
): Promise<AzureTableMetadataOutputs> {
  const metadataDir = `${inputs.tablePath}/metadata`;
  const uriOf = (name: string): string => `${inputs.location}/metadata/${name}`;
  for (let attempt = 0; attempt < ATTEMPTS; attempt += 1) {
    const state = await readTable(container, metadataDir);
    const current =
      state.current === undefined
        ? undefined
        : { metadata: state.current.metadata, file: uriOf(state.current.name) };
    const time = clock();
    const next = deployedTableMetadata(
      inputs.table,
      inputs.location,
      current,
      time,
      inputs.catalogOwned,
    );
    if (next === undefined && state.current !== undefined) {
      return {
        ...inputs,
        metadataLocation: uriOf(state.current.name),
        tableUuid: state.current.metadata["table-uuid"],
      };
    }
    if (next === undefined) throw new Error("unreachable: a new table always has metadata");
    const number = state.lastNumber + 1;
    const name = `${String(number).padStart(5, "0")}-${time.newUuid()}.metadata.json`;
    const text = metadataText(next);
    const file = container.getBlockBlobClient(`${metadataDir}/${name}`);
    try {
      await file.upload(text, Buffer.byteLength(text), {
        conditions: { ifNoneMatch: "*" },
        blobHTTPHeaders: { blobContentType: "application/json" },
      });
    } catch (error) {
      if (isConflict(error)) continue;
      throw error;
    }
    const hint = `${number}\n`;
    try {
      await container
        .getBlockBlobClient(`${metadataDir}/${HINT}`)
        .upload(hint, Buffer.byteLength(hint), {
          conditions:
            state.hintEtag === undefined ? { ifNoneMatch: "*" } : { ifMatch: state.hintEtag },
          blobHTTPHeaders: { blobContentType: "text/plain" },
        });
    } catch (error) {
      if (!isConflict(error)) throw error;
      // Another writer committed first: our file was never current; build on theirs.
      await file.deleteIfExists();
      continue;
    }
    return { ...inputs, metadataLocation: uriOf(name), tableUuid: next["table-uuid"] };
  }
  throw new Error(
    `${metadataDir}: another writer committed ${ATTEMPTS} times while this deploy tried to; deploy again`,
  );
}

/** A container client with the deployer's Microsoft Entra credentials (no shared keys). */
function entraContainer(inputs: AzureTableMetadataInputs): ContainerClient {
  const { createRequire } = process.getBuiltinModule("node:module");
  const load = createRequire(`${process.cwd()}/`);
  const blobs = load("@azure/storage-blob") as typeof import("@azure/storage-blob");
  const identity = load("@azure/identity") as typeof import("@azure/identity");
  const service = new blobs.BlobServiceClient(
    `https://${inputs.accountName}.blob.core.windows.net`,
    new identity.DefaultAzureCredential(),
  );
  return service.getContainerClient(inputs.containerName);
}

function systemClock(): MetadataClock {
  const { randomUUID } = process.getBuiltinModule("node:crypto");
  return { nowMs: Date.now(), newUuid: randomUUID };
}

export const azureTableMetadataProvider: pulumi.dynamic.ResourceProvider<
  AzureTableMetadataInputs,
  AzureTableMetadataOutputs
> = {
  diff(_id, olds, news) {
    const replaces = (["accountName", "containerName", "tablePath"] as const).filter(
      (key) => olds[key] !== news[key],
    );
    const changed =
      olds.location !== news.location || JSON.stringify(olds.table) !== JSON.stringify(news.table);
    return Promise.resolve({ changes: replaces.length > 0 || changed, replaces });
  },
  async create(inputs) {
    const outs = await writeTableMetadata(entraContainer(inputs), inputs, systemClock);
    return { id: `${inputs.accountName}/${inputs.containerName}/${inputs.tablePath}`, outs };
  },
  async update(_id, _olds, news) {
    return { outs: await writeTableMetadata(entraContainer(news), news, systemClock) };
  },
  /** The table's files are data: deleting the resource leaves them (like the container itself). */
  async delete() {
    // Deliberately nothing.
  },
};
