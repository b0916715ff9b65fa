/**
 * The Prisma client on any PostgreSQL URL, embedded or not: one code path (pg through
 * @prisma/adapter-pg) everywhere. The generated client lives in prisma/generated/client
 * (`npm run db:generate`, run by postinstall).
 */
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaClient } from "../prisma/generated/client/client";

/** Prisma's error classes, for code that must tell a constraint violation from other failures. */
export { Prisma } from "../prisma/generated/client/client";

/** The database: the one Prisma client of a process. */
export type Database = PrismaClient;
/** The client inside an interactive transaction: same models, no $transaction/$connect. */
export type Transaction = Parameters<Parameters<Database["$transaction"]>[0]>[0];
/** Either: code that writes inside its caller's transaction, or on its own. */
export type Db = Database | Transaction;

/** Runs `work` in a transaction: a new one on the client, else the caller's. */
export function inTransaction<T>(db: Db, work: (tx: Transaction) => Promise<T>): Promise<T> {
  return "$transaction" in db ? db.$transaction(work) : work(db);
}

export interface PrismaClientOptions {
  /** pg pool size (default 10). */
  maxConnections?: number;
}

export function createPrismaClient(
  databaseUrl: string,
  options: PrismaClientOptions = {},
): PrismaClient {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: options.maxConnections ?? 10 });
  const client = new PrismaClient({
    adapter: new PrismaPg(pool, { disposeExternalPool: true }),
  });
  drivers.set(client, pool);
  return client;
}

/** The pg pool under each client made here: the same connections, not a second pool. */
const drivers = new WeakMap<Db, pg.Pool>();

/**
 * One raw statement's rows, for the rare hot path whose single statement Prisma's layers would
 * slow measurably (the Iceberg catalog's table read and commit swap, docs/performance.md §7):
 * straight through the pg pool under a client made here, else (a transaction's client, whose
 * statements must run on its connection) through Prisma. Both decode text, integers, timestamps
 * and JSON alike (string, number, Date, parsed JSON).
 */
export async function rawRows<Row>(
  db: Db,
  sql: string,
  params: readonly unknown[],
): Promise<Row[]> {
  const driver = drivers.get(db);
  if (driver === undefined) return db.$queryRawUnsafe<Row[]>(sql, ...params);
  return (await driver.query(sql, [...params])).rows as Row[];
}

/** One raw write statement (as rawRows): how many rows it inserted, updated or deleted. */
export async function rawExecute(db: Db, sql: string, params: readonly unknown[]): Promise<number> {
  const driver = drivers.get(db);
  if (driver === undefined) return db.$executeRawUnsafe(sql, ...params);
  return (await driver.query(sql, [...params])).rowCount ?? 0;
}
