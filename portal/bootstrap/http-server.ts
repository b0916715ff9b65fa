/**
 * The portal's HTTP server around Next's request handler (tools/portal-server.ts wires Next in),
 * for the two things `next start` cannot do: it listens on MESHPLANE_HOST, loopback unless
 * opened on purpose (config/portal.ts refuses to open it while the development password works),
 * and it resolves every request's client address from the TCP connection before Next sees the
 * request (client-address.ts). It also answers /api/v1 methods a route does not have with 405
 * problem+json and `Allow` (server/api-methods.ts), which Next cannot.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Duplex } from "node:stream";
import { addressRanges, type PortalConfig } from "#config";
import { methodRefusal } from "../server/api-methods";
import { markForwardingResolved, resolveForwarding } from "./client-address";

export interface PortalHandlers {
  request: (request: IncomingMessage, response: ServerResponse) => Promise<void>;
  /** WebSocket upgrades (`next dev`'s hot reload). */
  upgrade?: (request: IncomingMessage, socket: Duplex, head: Buffer) => Promise<void>;
}

export interface RunningServer {
  server: Server;
  address: AddressInfo;
  close: () => Promise<void>;
}

export async function servePortal(
  handlers: PortalHandlers,
  config: Pick<PortalConfig, "host" | "port" | "trustedProxies">,
  log: (message: string) => void = console.error,
): Promise<RunningServer> {
  const trusted = addressRanges(config.trustedProxies);
  const failed = (error: unknown) => {
    log(`request failed: ${String(error)}`);
  };
  const server = createServer((request, response) => {
    resolveForwarding(request, trusted);
    if (refuseMethod(request, response)) return;
    handlers.request(request, response).catch(failed);
  });
  const { upgrade } = handlers;
  if (upgrade !== undefined) {
    server.on("upgrade", (request: IncomingMessage, socket: Duplex, head: Buffer) => {
      resolveForwarding(request, trusted);
      upgrade(request, socket, head).catch(failed);
    });
  }
  markForwardingResolved();
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(config.port, config.host, resolve);
  });
  return {
    server,
    address: server.address() as AddressInfo,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => {
          resolve();
        });
        server.closeAllConnections();
      }),
  };
}

/** Answers a method the /api/v1 path does not have (TRACE included); false when it has it. */
function refuseMethod(request: IncomingMessage, response: ServerResponse): boolean {
  const pathname = new URL(request.url ?? "/", "http://portal").pathname;
  const refusal = methodRefusal(request.method ?? "GET", pathname);
  if (refusal === undefined) return false;
  request.resume(); // the body, if any, is not read
  response.writeHead(refusal.status, refusal.headers);
  response.end(JSON.stringify(refusal.problem));
  return true;
}
