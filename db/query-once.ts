/**
 * One statement on a connection of its own, closed afterwards: for what cannot run in a pool or a
 * transaction (CREATE DATABASE, DROP DATABASE) and one-off questions (the server's version), as
 * the test and benchmark set-ups ask them.
 */
import pg, { type QueryResultRow } from "pg";

export async function queryOnce<R extends QueryResultRow = QueryResultRow>(
  url: string,
  sql: string,
): Promise<R[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<R>(sql)).rows;
  } finally {
    await client.end();
  }
}
