/**
 * The embedded database in a process of its own, as `npm start` runs it beside the portal: PGlite
 * executes on the thread of the process that hosts it, so hosting it in the benchmark's process
 * would put the database and the client on one event loop and distort both sides of every ratio.
 * Prints `{"url": …}` once serving; stops cleanly on SIGTERM.
 */
import { startEmbeddedDatabase } from "#db";

const dataDir = process.argv[2];
if (dataDir === undefined) throw new Error("usage: embedded-server.ts <data-dir>");
const database = await startEmbeddedDatabase({ dataDir });
process.stdout.write(`${JSON.stringify({ url: database.url })}\n`);
process.once("SIGTERM", () => {
  void database.stop().then(() => process.exit(0));
});
