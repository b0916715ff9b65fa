/**
 * Prisma's schema engine compiled to WebAssembly (@prisma/schema-engine-wasm, the version that
 * matches the CLI), driven through a driver adapter instead of a native binary that would have
 * to be downloaded. It is a wasm-bindgen "bundler" build, initialised here by hand for Node.
 */
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import {
  bindMigrationAwareSqlAdapterFactory,
  type ErrorRegistry,
  type SqlMigrationAwareDriverAdapterFactory,
} from "@prisma/driver-adapter-utils";
import type { SchemaEngine, SchemaFilter } from "@prisma/schema-engine-wasm";

type SchemaEngineClass = typeof SchemaEngine;

export const NO_FILTER: SchemaFilter = { externalTables: [], externalEnums: [] };

let engineClass: Promise<SchemaEngineClass> | undefined;

async function instantiate(): Promise<SchemaEngineClass> {
  const bindings = await import("@prisma/schema-engine-wasm/schema_engine_bg");
  const require = createRequire(import.meta.url);
  const wasmPath = require
    .resolve("@prisma/schema-engine-wasm/schema_engine_bg")
    .replace(/\.js$/, ".wasm");
  // The module's JS glue is what the .wasm imports, under the name the bundler build gives it.
  const imports = { "./schema_engine_bg.js": bindings as unknown as WebAssembly.ModuleImports };
  const { instance } = await WebAssembly.instantiate(await readFile(wasmPath), imports);
  bindings.__wbg_set_wasm(instance.exports);
  (instance.exports as { __wbindgen_start: () => void }).__wbindgen_start();
  return bindings.SchemaEngine;
}

export interface EngineSchema {
  path: string;
  content: string;
}

/**
 * Runs `work` with an engine for the schema, connected through the adapter factory, and frees
 * the engine afterwards. Engine log lines go to stderr when MESHPLANE_DB_DEBUG is set.
 */
export async function withSchemaEngine<T>(
  schema: EngineSchema,
  adapterFactory: SqlMigrationAwareDriverAdapterFactory,
  work: (engine: SchemaEngine) => Promise<T>,
): Promise<T> {
  engineClass ??= instantiate();
  const Engine = await engineClass;
  const log = (line: string) => {
    if (process.env.MESHPLANE_DB_DEBUG) console.error(`schema-engine: ${line}`);
  };
  const bound = bindMigrationAwareSqlAdapterFactory(adapterFactory);
  let engine: SchemaEngine | undefined;
  try {
    engine = await Engine.new({ datamodels: [[schema.path, schema.content]] }, log, bound);
    return await work(engine);
  } catch (error) {
    throw originalError(error, bound.errorRegistry);
  } finally {
    engine?.free();
  }
}

/** The engine reports what the adapter threw as "External error id#N"; give back the error itself. */
function originalError(error: unknown, registry: ErrorRegistry): unknown {
  const id = /External error id#(\d+)/.exec(String(error))?.[1];
  const original = id === undefined ? undefined : registry.consumeError(Number(id));
  return original === undefined ? error : original.error;
}
