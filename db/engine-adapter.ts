/**
 * How the schema engine reaches PostgreSQL: @prisma/adapter-pg on a pg pool, with two fixes for
 * what the engine asks of it that adapter-pg 7.10 does not do, and a shadow database that is
 * always a throwaway in-memory PGlite (no CREATE DATABASE rights needed on the target).
 */
import { PrismaPg } from "@prisma/adapter-pg";
import {
  ColumnTypeEnum,
  DriverAdapterError,
  type SqlDriverAdapter,
  type SqlMigrationAwareDriverAdapterFactory,
  type SqlQuery,
  type SqlResultSet,
} from "@prisma/driver-adapter-utils";
import pg from "pg";
import { startEmbeddedDatabase } from "./embedded";

/**
 * System-catalog types the engine's schema describer selects but adapter-pg has no column type
 * for: it fails with "Column type 'char' could not be deserialized". pg hands their values over
 * as strings, so the client reports them as text to adapter-pg, and remembers (by the rows
 * array, which adapter-pg passes through) which columns were "char", which the describer reads
 * as a Character (e.g. pg_constraint.contype).
 */
const CHAR_OID = 18;
const CATALOG_TYPES_AS_TEXT = new Set([
  CHAR_OID,
  22, // int2vector
  24, // regproc
  30, // oidvector
  194, // pg_node_tree
  2205, // regclass
]);
const TEXT_OID = 25;
const charColumns = new WeakMap<object, number[]>();

interface FieldsAndRows {
  fields?: { dataTypeID: number }[];
  rows?: unknown[];
}

function catalogTypesAsText<R>(result: R): R {
  for (const part of Array.isArray(result) ? (result as unknown[]) : [result]) {
    const { fields = [], rows } = (part ?? {}) as FieldsAndRows;
    const chars = fields.flatMap((field, index) => (field.dataTypeID === CHAR_OID ? [index] : []));
    if (rows !== undefined && chars.length > 0) charColumns.set(rows, chars);
    for (const field of fields) {
      if (CATALOG_TYPES_AS_TEXT.has(field.dataTypeID)) field.dataTypeID = TEXT_OID;
    }
  }
  return result;
}

async function queryRawWithChars(
  adapter: SqlDriverAdapter,
  query: SqlQuery,
): Promise<SqlResultSet> {
  const result = await adapter.queryRaw(query);
  for (const index of charColumns.get(result.rows) ?? []) {
    result.columnTypes[index] = ColumnTypeEnum.Character;
  }
  return result;
}

class SchemaEngineClient extends pg.Client {
  constructor(config?: pg.ClientConfig) {
    super(config);
    const query = this.query.bind(this) as (...args: unknown[]) => unknown;
    // pg.Pool#query calls the callback form; a checked-out client (transactions) the promise form.
    this.query = ((...args: unknown[]) => {
      const last = args.at(-1);
      if (typeof last === "function") {
        const callback = last as (error: unknown, result: unknown) => void;
        return query(...args.slice(0, -1), (error: unknown, result: unknown) => {
          callback(error, catalogTypesAsText(result));
        });
      }
      const result = query(...args);
      return result instanceof Promise ? result.then(catalogTypesAsText) : result;
    }) as typeof this.query;
  }
}

/**
 * Runs a migration script as one simple-protocol query, as Prisma's native engine does:
 * PostgreSQL runs its statements in one implicit transaction. adapter-pg splits scripts on every
 * `;`, which breaks function bodies (the audit-log trigger) and comments.
 */
async function executeWholeScript(pool: pg.Pool, script: string): Promise<void> {
  try {
    await pool.query(script);
  } catch (error) {
    if (!(error instanceof pg.DatabaseError)) throw error;
    throw new DriverAdapterError({
      kind: "postgres",
      code: error.code ?? "",
      severity: error.severity ?? "ERROR",
      message: error.message,
      detail: error.detail,
      column: error.column,
      hint: error.hint,
    });
  }
}

function overriding(
  adapter: SqlDriverAdapter,
  overrides: Partial<Pick<SqlDriverAdapter, "dispose" | "executeScript" | "queryRaw">>,
): SqlDriverAdapter {
  return new Proxy(adapter, {
    get(target, property) {
      if (Object.hasOwn(overrides, property)) return overrides[property as keyof typeof overrides];
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === "function" ? (value as () => unknown).bind(target) : value;
    },
  });
}

/**
 * Connections to `targetUrl` (or, without one, to a fresh in-memory PGlite each), and shadow
 * databases that are always a fresh in-memory PGlite. `close` releases whatever the engine did
 * not dispose of (it does not when a command fails).
 */
export class EngineAdapterFactory implements SqlMigrationAwareDriverAdapterFactory {
  readonly provider = "postgres";
  readonly adapterName = "@prisma/adapter-pg";
  readonly #targetUrl: string | undefined;
  readonly #open = new Set<() => Promise<void>>();

  constructor(targetUrl?: string) {
    this.#targetUrl = targetUrl;
  }

  connect(): Promise<SqlDriverAdapter> {
    return this.#targetUrl === undefined
      ? this.connectToShadowDb()
      : this.#adapter(this.#targetUrl);
  }

  async connectToShadowDb(): Promise<SqlDriverAdapter> {
    const database = await startEmbeddedDatabase();
    return this.#adapter(database.url, database.stop);
  }

  async close(): Promise<void> {
    await Promise.all([...this.#open].map((release) => release()));
  }

  async #adapter(url: string, stopDatabase?: () => Promise<void>): Promise<SqlDriverAdapter> {
    // One connection: the engine runs one statement at a time.
    const pool = new pg.Pool({ connectionString: url, max: 1, Client: SchemaEngineClient });
    const release = async () => {
      if (!this.#open.delete(release)) return;
      await pool.end();
      await stopDatabase?.();
    };
    this.#open.add(release);
    const adapter = await new PrismaPg(pool).connect();
    return overriding(adapter, {
      queryRaw: (query) => queryRawWithChars(adapter, query),
      executeScript: (script) => executeWholeScript(pool, script),
      dispose: async () => {
        await adapter.dispose();
        await release();
      },
    });
  }
}
