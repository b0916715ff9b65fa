/**
 * The dynamic provider behind LocalWarehouse: makes a product's warehouse directory and keeps a
 * real Iceberg v2 table there (Hadoop-style layout: `metadata/vN.metadata.json` plus
 * `metadata/version-hint.text`). It writes the table's first metadata; once the table is in
 * Meshplane's catalog (`catalogOwned`), the catalog is its only writer and an update writes
 * nothing. Without the catalog, an update builds on the table's current metadata, which may be
 * an engine's commit (findCurrentMetadata), so the engine's snapshots stay in the table.
 *
 * Pulumi serialises these functions into its dynamic-provider process (CommonJS, no tsx, none of
 * the project's modules), so everything they use is either captured from this file and
 * iceberg-metadata.ts (plain functions, no runtime imports) or a Node.js built-in fetched with
 * `process.getBuiltinModule` (a dynamic `import()` would be rewritten by test bundlers into a
 * loader closure that cannot be serialised).
 */
import type * as pulumi from "@pulumi/pulumi";
import {
  asTableMetadata,
  deployedTableMetadata,
  metadataText,
  parseMetadataText,
  pickCurrentMetadata,
  type IcebergTableInput,
  type TableMetadata,
} from "./iceberg-metadata";

export interface LocalWarehouseInputs {
  /** Absolute directory that holds every local warehouse. */
  root: string;
  /** The product's directory below the root, `/`-separated (`<domain>/<name>/<environment>`). */
  path: string;
  table: IcebergTableInput;
  /**
   * The table is in Meshplane's Iceberg REST catalog, which is then its only writer: an update
   * writes no metadata (settle commits the spec's change through the catalog) and outputs the
   * current head. A table with no metadata at all is still created.
   */
  catalogOwned?: boolean;
}

export interface LocalWarehouseOutputs extends LocalWarehouseInputs {
  /** Absolute path of the product's warehouse directory (also the resource id). */
  directory: string;
  /** `file://` URI of the table location. */
  storageUri: string;
  /**
   * `file://` URI of the table's current metadata file: the `vN.metadata.json` this deploy wrote,
   * or, when the spec asked for nothing new or the catalog owns the table, the file the last
   * commit (maybe an engine's) made current.
   */
  metadataLocation: string;
  /** N of the newest `vN.metadata.json` Meshplane wrote. */
  metadataVersion: number;
  tableUuid: string;
}

const VERSION_FILE = /^v(\d+)\.metadata\.json$/;
const METADATA_FILE = /\.metadata\.json$/;

function isMissing(error: unknown): boolean {
  return error instanceof Error && "code" in error && error.code === "ENOENT";
}

interface CurrentMetadata {
  metadata: TableMetadata;
  /** `file://` URI of the current metadata file. */
  file: string;
}

/**
 * The table's current metadata: what the last commit made current, whoever made it (Meshplane or
 * an engine). This is the one step that depends on where the table's pointer lives; while it is
 * the metadata directory (Hadoop-style layout, no catalog), it is the newest head among the
 * directory's metadata files (pickCurrentMetadata). Once the Meshplane Iceberg REST catalog holds
 * the pointer, this asks the catalog instead, and nothing else changes.
 */
async function findCurrentMetadata(metadataDir: string): Promise<CurrentMetadata | undefined> {
  const fs = process.getBuiltinModule("node:fs/promises");
  let names: string[];
  try {
    names = await fs.readdir(metadataDir);
  } catch (error) {
    if (isMissing(error)) return undefined;
    throw error;
  }
  let hint: string | undefined;
  try {
    const text = (await fs.readFile(`${metadataDir}/version-hint.text`, "utf8")).trim();
    if (/^\d+$/.test(text)) hint = `v${text}.metadata.json`;
  } catch (error) {
    if (!isMissing(error)) throw error;
  }
  const candidates = await Promise.all(
    names
      .filter((name) => METADATA_FILE.test(name))
      .map(async (name) => {
        const path = `${metadataDir}/${name}`;
        const metadata = asTableMetadata(parseMetadataText(await fs.readFile(path, "utf8")), path);
        return { name, metadata };
      }),
  );
  const current = pickCurrentMetadata(candidates, hint);
  if (current === undefined) return undefined;
  return { metadata: current.metadata, file: fileUri(`${metadataDir}/${current.name}`) };
}

/** The highest `vN.metadata.json` Meshplane has written (0 for none): its next file is N + 1. */
async function lastVersionNumber(metadataDir: string): Promise<number> {
  const fs = process.getBuiltinModule("node:fs/promises");
  const names = await fs.readdir(metadataDir);
  return names.reduce((max, name) => {
    const match = VERSION_FILE.exec(name);
    return match === null ? max : Math.max(max, Number(match[1]));
  }, 0);
}

function fileUri(path: string): string {
  const { pathToFileURL } = process.getBuiltinModule("node:url");
  return pathToFileURL(path).href;
}

/**
 * Writes `v<version>.metadata.json` only if it does not exist yet (flag `wx`: history is never
 * overwritten, and a concurrent writer makes this fail instead of losing a version), then moves
 * the hint to it atomically.
 */
async function writeVersion(metadataDir: string, version: number, metadata: TableMetadata) {
  const fs = process.getBuiltinModule("node:fs/promises");
  const file = `${metadataDir}/v${version}.metadata.json`;
  await fs.writeFile(file, metadataText(metadata), { flag: "wx" });
  const hint = `${metadataDir}/version-hint.text.${process.pid}.tmp`;
  await fs.writeFile(hint, `${version}\n`);
  await fs.rename(hint, `${metadataDir}/version-hint.text`);
}

/** Creates or evolves the table so it matches `inputs`; idempotent. */
async function ensureWarehouse(inputs: LocalWarehouseInputs): Promise<LocalWarehouseOutputs> {
  const nodePath = process.getBuiltinModule("node:path");
  const fs = process.getBuiltinModule("node:fs/promises");
  const { randomUUID } = process.getBuiltinModule("node:crypto");
  if (!nodePath.isAbsolute(inputs.root)) {
    throw new Error(`LocalWarehouse root must be an absolute path, got "${inputs.root}"`);
  }
  const directory = nodePath.join(inputs.root, ...inputs.path.split("/"));
  const metadataDir = nodePath.join(directory, "metadata");
  await fs.mkdir(nodePath.join(directory, "data"), { recursive: true });
  await fs.mkdir(metadataDir, { recursive: true });
  const location = fileUri(directory);

  const current = await findCurrentMetadata(metadataDir);
  const next = deployedTableMetadata(
    inputs.table,
    location,
    current,
    { nowMs: Date.now(), newUuid: randomUUID },
    inputs.catalogOwned,
  );
  let version = await lastVersionNumber(metadataDir);
  let metadata = current?.metadata;
  let metadataLocation = current?.file;
  if (next !== undefined) {
    version += 1;
    await writeVersion(metadataDir, version, next);
    metadata = next;
    metadataLocation = fileUri(nodePath.join(metadataDir, `v${version}.metadata.json`));
  }
  if (metadata === undefined || metadataLocation === undefined) {
    throw new Error("unreachable: a new table always has metadata");
  }
  return {
    ...inputs,
    directory,
    storageUri: location,
    metadataLocation,
    metadataVersion: version,
    tableUuid: metadata["table-uuid"],
  };
}

export const localWarehouseProvider: pulumi.dynamic.ResourceProvider<
  LocalWarehouseInputs,
  LocalWarehouseOutputs
> = {
  diff(_id, olds, news) {
    const replaces = (["root", "path"] as const).filter((key) => olds[key] !== news[key]);
    // Who owns the table is no change of its own: with the same table an update writes nothing.
    const tableChanged = JSON.stringify(olds.table) !== JSON.stringify(news.table);
    return Promise.resolve({ changes: replaces.length > 0 || tableChanged, replaces });
  },
  async create(inputs) {
    const outs = await ensureWarehouse(inputs);
    return { id: outs.directory, outs };
  },
  async update(_id, _olds, news) {
    return { outs: await ensureWarehouse(news) };
  },
  /**
   * Deleting the resource never deletes data: the directory, its Iceberg metadata and any data
   * files stay on disk (a local `retainOnDelete`). Remove them by hand when they are truly unwanted.
   */
  async delete() {
    // Deliberately nothing.
  },
};
