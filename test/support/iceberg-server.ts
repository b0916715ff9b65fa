/**
 * The Iceberg REST catalog's route handlers served over real HTTP on a free port, routed the way
 * Next.js routes portal/app/api/iceberg (path segments to params), so third-party engines
 * (pyiceberg) talk to exactly the handlers the portal serves. The harness provides the database,
 * configuration and sessions.
 */
import { createServer, type Server } from "node:http";
import * as config from "../../portal/app/api/iceberg/v1/config/route";
import * as openapi from "../../portal/app/api/iceberg/v1/openapi.json/route";
import * as tokens from "../../portal/app/api/iceberg/v1/oauth/tokens/route";
import * as namespaces from "../../portal/app/api/iceberg/v1/[prefix]/namespaces/route";
import * as namespace from "../../portal/app/api/iceberg/v1/[prefix]/namespaces/[namespace]/route";
import * as tables from "../../portal/app/api/iceberg/v1/[prefix]/namespaces/[namespace]/tables/route";
import * as table from "../../portal/app/api/iceberg/v1/[prefix]/namespaces/[namespace]/tables/[table]/route";
import * as register from "../../portal/app/api/iceberg/v1/[prefix]/namespaces/[namespace]/register/route";
import * as transactions from "../../portal/app/api/iceberg/v1/[prefix]/transactions/commit/route";

type Handler = (request: Request, context: never) => Promise<Response>;
type RouteModule = Partial<Record<"GET" | "HEAD" | "POST" | "DELETE", Handler>>;

/** Path templates below /api/iceberg, as the folders under portal/app/api/iceberg name them. */
const ROUTES: [string, RouteModule][] = [
  ["v1/config", config],
  ["v1/openapi.json", { GET: () => Promise.resolve(openapi.GET()) }],
  ["v1/oauth/tokens", tokens],
  ["v1/[prefix]/namespaces", namespaces],
  ["v1/[prefix]/namespaces/[namespace]", namespace],
  ["v1/[prefix]/namespaces/[namespace]/tables", tables],
  ["v1/[prefix]/namespaces/[namespace]/tables/[table]", table],
  ["v1/[prefix]/namespaces/[namespace]/register", register],
  ["v1/[prefix]/transactions/commit", transactions],
];

/** Static segments win over dynamic ones, as in Next.js. */
function match(path: string): { module: RouteModule; params: Record<string, string> } | undefined {
  const segments = path.split("/").filter((segment) => segment !== "");
  let best: { module: RouteModule; params: Record<string, string>; dynamic: number } | undefined;
  for (const [template, module] of ROUTES) {
    const parts = template.split("/");
    if (parts.length !== segments.length) continue;
    const params: Record<string, string> = {};
    let dynamic = 0;
    const ok = parts.every((part, index) => {
      const segment = segments[index] ?? "";
      const name = /^\[(\w+)\]$/.exec(part)?.[1];
      if (name === undefined) return part === segment;
      params[name] = decodeURIComponent(segment);
      dynamic += 1;
      return true;
    });
    if (ok && (best === undefined || dynamic < best.dynamic)) best = { module, params, dynamic };
  }
  return best;
}

export interface IcebergServer {
  /** The catalog URI engines configure: `http://127.0.0.1:<port>/api/iceberg`. */
  uri: string;
  close: () => Promise<void>;
}

export async function serveIcebergCatalog(): Promise<IcebergServer> {
  let base = "";
  const server: Server = createServer((incoming, outgoing) => {
    void (async () => {
      const url = new URL(incoming.url ?? "/", base);
      const found = match(url.pathname.replace(/^\/api\/iceberg\//, ""));
      const method = (incoming.method ?? "GET") as keyof RouteModule;
      const handler = found?.module[method];
      if (found === undefined || handler === undefined) {
        outgoing.writeHead(404, { "content-type": "application/json" });
        outgoing.end(
          JSON.stringify({ error: { message: "no route", type: "NotFound", code: 404 } }),
        );
        return;
      }
      const chunks: Buffer[] = [];
      for await (const chunk of incoming) chunks.push(chunk as Buffer);
      const headers = new Headers();
      for (const [key, value] of Object.entries(incoming.headers)) {
        if (typeof value === "string") headers.set(key, value);
      }
      const hasBody = method === "POST" && chunks.length > 0;
      const response = await handler(
        new Request(url, { method, headers, ...(hasBody ? { body: Buffer.concat(chunks) } : {}) }),
        { params: Promise.resolve(found.params) } as never,
      );
      outgoing.writeHead(response.status, Object.fromEntries(response.headers));
      outgoing.end(Buffer.from(await response.arrayBuffer()));
    })().catch((error: unknown) => {
      outgoing.writeHead(500);
      outgoing.end(String(error));
    });
  });
  await new Promise<void>((resolve) => {
    server.listen(0, "127.0.0.1", resolve);
  });
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("no port");
  base = `http://127.0.0.1:${address.port}`;
  return {
    uri: `${base}/api/iceberg`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => {
          if (error === undefined) resolve();
          else reject(error);
        });
      }),
  };
}
