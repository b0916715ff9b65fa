/**
 * /api/v1 over real HTTP for tests that need a socket (schemathesis, method handling): the
 * portal's own HTTP server (portal/bootstrap/http-server.ts: client addresses, the 405 answers)
 * with the route files dispatched by path in place of Next's router, so no `next build` is needed.
 * What this stands in for from Next is only routing: the path → route file match (static segments
 * before dynamic ones, the catch-all last), decoded path parameters, HEAD answered by GET without
 * a body and OPTIONS by the route's methods, as Next's app router does. Everything else (auth,
 * parsing, authorization, handlers, errors) is the application's own code, on the harness's
 * database and configuration.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { Readable } from "node:stream";
import { servePortal, type RunningServer } from "../../portal/bootstrap/http-server";
import { allowedMethods } from "../../portal/server/api-methods";
import { apiRouteFiles, catchAllRoute, type RouteFile } from "./api-routes";

type Handler = (request: Request, context: { params: Promise<unknown> }) => Promise<Response>;

interface Route {
  pattern: RegExp;
  names: string[];
  dynamic: number;
  route: RouteFile;
}

function compile(route: RouteFile, catchAll = false): Route {
  const names: string[] = [];
  const source = route.path
    .split("/")
    .map((segment) => {
      const name = /^\{(.+)\}$/.exec(segment)?.[1];
      if (name === undefined) return segment.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
      names.push(name);
      return catchAll ? "(.+)" : "([^/]+)";
    })
    .join("/");
  return { pattern: new RegExp(`^${source}/?$`), names, dynamic: names.length, route };
}

const ROUTES: Route[] = [
  ...apiRouteFiles()
    .map((route) => compile(route))
    .sort((a, b) => a.dynamic - b.dynamic),
  compile(catchAllRoute(), true),
];

function match(pathname: string): { route: RouteFile; params: Record<string, unknown> } {
  for (const { pattern, names, route } of ROUTES) {
    const found = pattern.exec(pathname);
    if (found === null) continue;
    const params: Record<string, unknown> = {};
    names.forEach((name, index) => {
      const raw = found[index + 1] ?? "";
      params[name] = route.file.includes("[...")
        ? raw.split("/").map(decodeURIComponent)
        : decodeURIComponent(raw);
    });
    return { route, params };
  }
  throw new Error(`no route for ${pathname}, not even the catch-all`);
}

async function toRequest(incoming: IncomingMessage, origin: string): Promise<Request> {
  const headers = new Headers();
  for (const [name, value] of Object.entries(incoming.headers)) {
    if (value === undefined) continue;
    for (const item of Array.isArray(value) ? value : [value]) headers.append(name, item);
  }
  const method = incoming.method ?? "GET";
  const hasBody = method !== "GET" && method !== "HEAD";
  const chunks: Buffer[] = [];
  if (hasBody) for await (const chunk of incoming) chunks.push(chunk as Buffer);
  return new Request(new URL(incoming.url ?? "/", origin), {
    method,
    headers,
    ...(hasBody ? { body: Buffer.concat(chunks) } : {}),
  });
}

async function answer(incoming: IncomingMessage, origin: string): Promise<Response> {
  const request = await toRequest(incoming, origin);
  const pathname = new URL(request.url).pathname;
  let params: Record<string, unknown>;
  let route: RouteFile;
  try {
    ({ route, params } = match(pathname));
  } catch (error) {
    if (error instanceof URIError) return new Response(null, { status: 400 }); // as Next does
    throw error;
  }
  const module = await route.module();
  const context = { params: Promise.resolve(params) };
  const own = module[request.method] as Handler | undefined;
  if (own !== undefined) return own(request, context);
  if (request.method === "HEAD" && module.GET !== undefined) {
    const response = await (module.GET as Handler)(request, context);
    return new Response(null, { status: response.status, headers: response.headers });
  }
  if (request.method === "OPTIONS")
    return new Response(null, {
      status: 204,
      headers: { allow: (allowedMethods(pathname) ?? []).join(", ") },
    });
  // http-server.ts answered the other methods a route lacks.
  throw new Error(`${request.method} ${pathname} reached a route without it`);
}

async function write(response: Response, out: ServerResponse): Promise<void> {
  const headers: Record<string, string | string[]> = {};
  response.headers.forEach((value, name) => {
    if (name !== "set-cookie") headers[name] = value;
  });
  const cookies = response.headers.getSetCookie();
  if (cookies.length > 0) headers["set-cookie"] = cookies;
  out.writeHead(response.status, headers);
  if (response.body === null) {
    out.end();
    return;
  }
  await new Promise<void>((resolve, reject) => {
    Readable.fromWeb(response.body as never)
      .on("error", reject)
      .pipe(out)
      .on("finish", resolve);
  });
}

/** Serves /api/v1 on 127.0.0.1 (a free port); `origin` is the URL requests are seen at. */
export async function serveApi(): Promise<RunningServer & { url: string }> {
  let url = "";
  const running = await servePortal(
    {
      request: async (incoming, out) => {
        try {
          await write(await answer(incoming, url), out);
        } catch (error) {
          if (!out.headersSent) out.writeHead(500, { "content-type": "text/plain" });
          out.end(`test server: ${String(error)}`);
        }
      },
    },
    { host: "127.0.0.1", port: 0, trustedProxies: [] },
    () => {},
  );
  url = `http://127.0.0.1:${String(running.address.port)}`;
  return { ...running, url };
}
