/**
 * `npm run portal:serve`: the portal alone (npm start runs it next to the worker), as Next.js in
 * Meshplane's own HTTP server instead of `next start`, which can neither keep the portal on
 * loopback by default nor tell the app the client's real address (portal/bootstrap/
 * http-server.ts says how). The production build by default; `--dev` runs `next dev` in it.
 * Needs DATABASE_URL, as `next start` did.
 */
import { join } from "node:path";
import { ConfigError, parsePortalConfig, projectDir } from "#config";
import { servePortal } from "../portal/bootstrap/http-server";

const dev = process.argv.includes("--dev");
// Before Next and React load: they pick their production or development builds from it (as the
// `next` command does: a value already set is kept).
// (Next's types claim NODE_ENV is always set; in a fresh shell it is not.)
if (!("NODE_ENV" in process.env)) {
  Reflect.set(process.env, "NODE_ENV", dev ? "development" : "production");
}

function log(message: string): void {
  console.log(`meshplane portal: ${message}`);
}

function loadConfig() {
  try {
    return parsePortalConfig(process.env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(`meshplane portal: ${error.message}`);
    process.exit(1);
  }
}

const config = loadConfig();
const { default: next } = await import("next");
const app = next({
  dev,
  dir: join(projectDir(), "portal"),
  hostname: config.host,
  port: config.port,
});
// Listening first: a taken port fails at once, and the app (auth included) is only ever set up
// in a process whose server already resolves the client address. Requests wait for the app.
// Next hands out its handlers only once prepared.
let preparing: Promise<void> | undefined;
const prepared = () => (preparing ??= app.prepare());
const running = await servePortal(
  {
    request: async (request, response) => {
      await prepared();
      await app.getRequestHandler()(request, response);
    },
    ...(dev
      ? {
          upgrade: async (request, socket, head) => {
            await prepared();
            await app.getUpgradeHandler()(request, socket, head);
          },
        }
      : {}),
  },
  config,
  log,
);
await prepared();
log(`listening on ${config.host}:${String(running.address.port)}`);

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    void running
      .close()
      .then(() => app.close())
      .finally(() => process.exit(0));
  });
}
