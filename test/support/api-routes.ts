/**
 * The route files of /api/v1 as data: their OpenAPI-style path (`/api/v1/requests/{id}`) and
 * module. For the test that compares them with the OpenAPI document and for the test server that
 * answers HTTP with them (api-server.ts), so both read the same list.
 */
import { readdirSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { pathToFileURL } from "node:url";

export const API_DIR = join(import.meta.dirname, "../../portal/app/api/v1");

/** The catch-all route (problem+json 404 for unknown paths) is no operation of the API. */
export const CATCH_ALL = "[...path]";

export const ROUTE_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;

export interface RouteFile {
  file: string;
  /** `/api/v1/requests/{id}`. */
  path: string;
  module: () => Promise<Record<string, unknown>>;
}

function routeFilesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === CATCH_ALL ? [] : routeFilesUnder(path);
    return entry.name === "route.ts" ? [path] : [];
  });
}

/** portal/app/api/v1/requests/[id]/route.ts → /api/v1/requests/{id} */
export function openApiPath(file: string): string {
  const segments = relative(API_DIR, join(file, "..")).split(sep).filter(Boolean);
  return ["/api/v1", ...segments.map((s) => s.replace(/^\[(.+)\]$/, "{$1}"))].join("/");
}

const load = (file: string) => () =>
  import(pathToFileURL(file).href) as Promise<Record<string, unknown>>;

/** Every route file but the catch-all. */
export function apiRouteFiles(): RouteFile[] {
  return routeFilesUnder(API_DIR).map((file) => ({
    file,
    path: openApiPath(file),
    module: load(file),
  }));
}

/** The catch-all route file. */
export function catchAllRoute(): RouteFile {
  const file = join(API_DIR, CATCH_ALL, "route.ts");
  return { file, path: "/api/v1/{path}", module: load(file) };
}
