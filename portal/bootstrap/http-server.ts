/**
 * The portal's HTTP server around Next's request handler (tools/portal-server.ts wires Next in),
 * for the two things `next start` cannot do: it listens on MESHPLANE_HOST, loopback unless
 * opened on purpose (config/portal.ts refuses to open it while the development password works),
 * and it resolves every request's client address from the TCP connection before Next sees the
 * request (client-address.ts).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Duplex } from "node:stream";
import { addressRanges, type PortalConfig } from "#config";
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
