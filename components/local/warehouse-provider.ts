/**
 * The dynamic provider behind LocalWarehouse: makes a product's warehouse directory and keeps a
 * real Iceberg v2 table there (Hadoop-style layout: `metadata/vN.metadata.json` plus
 * `metadata/version-hint.text`).
 *
 * Pulumi serialises these functions into its dynamic-provider process (CommonJS, no tsx, none of
 * the project's modules), so everything they use is either captured from this file and
 * iceberg-metadata.ts (plain functions, no runtime imports) or a Node.js built-in fetched with
 * `process.getBuiltinModule` (a dynamic `import()` would be rewritten by test bundlers into a
 * loader closure that cannot be serialised).
 */
import type * as pulumi from "@pulumi/pulumi";
import { nextTableMetadata, type IcebergTableInput, type TableMetadata } from "./iceberg-metadata";

export interface LocalWarehouseInputs {
  /** Absolute directory that holds every local warehouse. */
  root: string;
  /** The product's directory below the root, `/`-separated (`<domain>/<name>/<environment>`). */
  path: string;
  table: IcebergTableInput;
}

export interface LocalWarehouseOutputs extends LocalWarehouseInputs {
  /** Absolute path of the product's warehouse directory (also the resource id). */
  directory: string;
  /** `file://` URI of the table location. */
  storageUri: string;
  /** `file://` URI of the current `vN.metadata.json`. */
  metadataLocation: string;
  metadataVersion: number;
  tableUuid: string;
}

const VERSION_FILE = /^v(\d+)\.metadata\.json$/;

function isMissing(error: unknown): boolean {
  return error instanceof Error && "code" in error && error.code === "ENOENT";
}

/** The newest version number: the hint when there is one, else the highest `vN.metadata.json`. */
async function currentVersionNumber(metadataDir: string): Promise<number | undefined> {
  const fs = process.getBuiltinModule("node:fs/promises");
  try {
    const hint = (await fs.readFile(`${metadataDir}/version-hint.text`, "utf8")).trim();
    if (/^\d+$/.test(hint)) return Number(hint);
  } catch (error) {
    if (!isMissing(error)) throw error;
  }
  let names: string[];
  try {
    names = await fs.readdir(metadataDir);
  } catch (error) {
    if (isMissing(error)) return undefined;
    throw error;
  }
  const versions = names.flatMap((name) => {
    const match = VERSION_FILE.exec(name);
    return match === null ? [] : [Number(match[1])];
  });
  return versions.length === 0 ? undefined : Math.max(...versions);
}

function checkMetadata(value: unknown, file: string): TableMetadata {
  const ok =
    typeof value === "object" &&
    value !== null &&
    Reflect.get(value, "format-version") === 2 &&
    Array.isArray(Reflect.get(value, "schemas")) &&
    Array.isArray(Reflect.get(value, "partition-specs")) &&
    Array.isArray(Reflect.get(value, "sort-orders")) &&
    Array.isArray(Reflect.get(value, "snapshots"));
  if (!ok) throw new Error(`${file} is not Iceberg format-version 2 table metadata`);
  // Checked above for the fields this provider reads; the rest is carried over as it is.
  return value as TableMetadata;
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
  await fs.writeFile(file, `${JSON.stringify(metadata, null, 2)}\n`, { flag: "wx" });
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

  const currentNumber = await currentVersionNumber(metadataDir);
  let current: { metadata: TableMetadata; file: string } | undefined;
  if (currentNumber !== undefined) {
    const path = nodePath.join(metadataDir, `v${currentNumber}.metadata.json`);
    const metadata = checkMetadata(JSON.parse(await fs.readFile(path, "utf8")), path);
    current = { metadata, file: fileUri(path) };
  }
  const next = nextTableMetadata(inputs.table, location, current, {
    nowMs: Date.now(),
    newUuid: randomUUID,
  });
  let version = currentNumber ?? 0;
  let metadata = current?.metadata;
  if (next !== undefined) {
    version += 1;
    await writeVersion(metadataDir, version, next);
    metadata = next;
  }
  if (metadata === undefined) throw new Error("unreachable: a new table always has metadata");
  return {
    ...inputs,
    directory,
    storageUri: location,
    metadataLocation: fileUri(nodePath.join(metadataDir, `v${version}.metadata.json`)),
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
