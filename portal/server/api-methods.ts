/**
 * Which methods each /api/v1 path answers, from the OpenAPI document (a unit test keeps it equal
 * to the route files). Next answers a method a route does not export with a bare 405 without
 * `Allow`, and methods outside its list (TRACE, CONNECT, anything invented) with a bare 400, so the
 * portal's HTTP server (portal/bootstrap/http-server.ts) asks here first and answers those itself:
 * 405 problem+json with `Allow`. Unknown paths are left to the catch-all route's 404.
 */
import type { Problem } from "../shared/api-schemas";
import { openApiDocument } from "./openapi";
import { ApiError, PROBLEM_CONTENT_TYPE, problemOf } from "./problems";

const ROUTE_METHODS = ["GET", "PUT", "POST", "DELETE", "PATCH"] as const;
/** Next answers these for every route it has: HEAD with GET, OPTIONS with the route's methods. */
const IMPLIED = ["HEAD", "OPTIONS"];

interface ApiPath {
  pattern: RegExp;
  dynamicSegments: number;
  methods: string[];
}

let table: ApiPath[] | undefined;

function apiPaths(): ApiPath[] {
  table ??= Object.entries(openApiDocument().paths ?? {})
    .map(([path, operations]) => {
      const segments = path.split("/");
      const source = segments
        .map((segment) =>
          /^\{.+\}$/.test(segment) ? "[^/]+" : segment.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"),
        )
        .join("/");
      return {
        pattern: new RegExp(`^${source}/?$`),
        dynamicSegments: segments.filter((segment) => segment.startsWith("{")).length,
        methods: ROUTE_METHODS.filter(
          (method) => (operations as Record<string, unknown>)[method.toLowerCase()] !== undefined,
        ),
      };
    })
    // Like Next: a static segment wins over a dynamic one.
    .sort((a, b) => a.dynamicSegments - b.dynamicSegments);
  return table;
}

/** The methods `pathname` answers (HEAD and OPTIONS included), or undefined for unknown paths. */
export function allowedMethods(pathname: string): string[] | undefined {
  const match = apiPaths().find((path) => path.pattern.test(pathname));
  if (match === undefined) return undefined;
  return [
    ...match.methods,
    ...IMPLIED.filter((m) => m !== "HEAD" || match.methods.includes("GET")),
  ];
}

export interface Refusal {
  status: 405;
  headers: Record<string, string>;
  problem: Problem;
}

/** A 405 for a method `pathname` does not answer; undefined when it does or the path is unknown. */
export function methodRefusal(method: string, pathname: string): Refusal | undefined {
  if (!pathname.startsWith("/api/v1/")) return undefined;
  const allowed = allowedMethods(pathname);
  if (allowed === undefined || allowed.includes(method.toUpperCase())) return undefined;
  const allow = allowed.join(", ");
  return {
    status: 405,
    headers: { allow, "content-type": PROBLEM_CONTENT_TYPE, "cache-control": "no-store" },
    problem: problemOf(new ApiError(405, "Method not allowed", `${pathname} answers ${allow}`)),
  };
}
