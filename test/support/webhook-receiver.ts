/**
 * A webhook receiver on a local port for the delivery tests: records every POST (raw body,
 * signature and event headers) and answers with the next status of `statuses`, then 200.
 */
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export interface Received {
  body: string;
  signature: string;
  event: string;
}

export async function webhookReceiver(statuses: number[] = [], path = "/hooks") {
  const received: Received[] = [];
  const server: Server = createServer((request: IncomingMessage, response) => {
    let body = "";
    request.on("data", (chunk: Buffer) => (body += chunk.toString("utf8")));
    request.on("end", () => {
      received.push({
        body,
        signature: String(request.headers["meshplane-signature"]),
        event: String(request.headers["meshplane-event"]),
      });
      response.writeHead(statuses.shift() ?? 200).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo; // listen(0) on TCP always yields an AddressInfo
  return {
    url: `http://127.0.0.1:${port}${path}`,
    received,
    close: () =>
      new Promise<void>((resolve) =>
        server.close(() => {
          resolve();
        }),
      ),
  };
}
