import "server-only";
/**
 * `withApi`: the one wrapper around every /api/v1 route handler. In order it checks the Origin of
 * mutations, authenticates, parses path/query/body with zod, authorizes, runs the handler (in one
 * transaction for mutations, together with its audit entries) and maps anything thrown to RFC 9457
 * problem+json. Handlers stay thin and never build error responses themselves.
 */
import { z } from "zod";
import { portalConfig } from "#config";
import { specErrorMap, toSpecIssues } from "#contract";
import type { Database, Db } from "#db/client";
import { writeAudit, type Audit } from "#workflow/audit";
import type { LineageKeyPrincipal, PlatformPrincipal, Principal, UserPrincipal } from "./authz";
import { db } from "./db";
import { principalForKey } from "./lineage/api-keys";
import { logError } from "./log";
import { bearerToken, platformPrincipal } from "./platform-token";
import {
  ApiError,
  ForbiddenError,
  UnauthenticatedError,
  ValidationError,
  problemOf,
  problemResponse,
} from "./problems";
import { userFromHeaders } from "./session";

type AuthMode = "user" | "platform" | "public" | "lineage-key";

type PrincipalFor<A extends AuthMode> = A extends "user"
  ? UserPrincipal
  : A extends "platform"
    ? PlatformPrincipal
    : A extends "lineage-key"
      ? LineageKeyPrincipal
      : Principal | undefined;

type Parsed<S> = S extends z.ZodType ? z.output<S> : undefined;

export interface ApiOptions<
  A extends AuthMode,
  B extends z.ZodType | undefined,
  Q extends z.ZodType | undefined,
  P extends z.ZodType | undefined,
> {
  auth: A;
  body?: B;
  query?: Q;
  params?: P;
  /** Coarse check on the caller alone; resource checks happen in the services (getXOrThrow). */
  authorize?: (principal: PrincipalFor<A>) => boolean;
  /**
   * false for high-volume writes whose rows record their writer themselves (OpenLineage events keep
   * the API key's id); every other mutation must write an audit entry.
   */
  audited?: boolean;
  /**
   * false when an unaudited handler writes with one statement, atomic by itself (OpenLineage
   * ingestion): spares the interactive transaction's extra round trips on the hottest write path.
   */
  transaction?: false;
  /**
   * Runs after authorization and before the handler (and a mutation's transaction): work that
   * needs transactions of its own, such as catching up with the lineage projector.
   */
  before?: (client: Database) => Promise<void>;
}

export interface ApiContext<A extends AuthMode, B, Q, P> {
  request: Request;
  principal: PrincipalFor<A>;
  body: Parsed<B>;
  query: Parsed<Q>;
  params: Parsed<P>;
  /** Inside the mutation's transaction for POST/PUT/PATCH/DELETE. */
  db: Db;
  /** Records an audit entry in the same transaction (mutations only). */
  audit: Audit;
}

export interface ApiResult {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** Runs after the mutation committed, without delaying the response (e.g. webhook delivery). */
  after?: () => Promise<void> | void;
}

export const ok = (body: unknown): ApiResult => ({ status: 200, body });
export const created = (body: unknown, location?: string): ApiResult => ({
  status: 201,
  body,
  ...(location === undefined ? {} : { headers: { location } }),
});
export const noContent = (): ApiResult => ({ status: 204 });

type RouteContext = { params: Promise<Record<string, string | string[] | undefined>> };

/** What a route accepts, kept on the handler so a test can compare it with the OpenAPI document. */
export interface RouteContract {
  auth: AuthMode;
  body: z.ZodType | undefined;
  query: z.ZodType | undefined;
  params: z.ZodType | undefined;
}

export type RouteHandler = ((request: Request, context: RouteContext) => Promise<Response>) & {
  contract: RouteContract;
};

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

export function withApi<
  A extends AuthMode,
  B extends z.ZodType | undefined = undefined,
  Q extends z.ZodType | undefined = undefined,
  P extends z.ZodType | undefined = undefined,
>(
  options: ApiOptions<A, B, Q, P>,
  handler: (context: ApiContext<A, B, Q, P>) => Promise<ApiResult>,
): RouteHandler {
  if (options.transaction === false && options.audited !== false)
    throw new Error("a mutation without a transaction cannot write an audit entry atomically");
  const route = async (request: Request, routeContext: RouteContext): Promise<Response> => {
    try {
      const mutation = !SAFE_METHODS.has(request.method);
      if (mutation) checkOrigin(request);
      const principal = await authenticate(options.auth, request);
      const params = parseWith(options.params, await routeContext.params, "params");
      const query = parseWith(
        options.query,
        Object.fromEntries(new URL(request.url).searchParams),
        "query",
      );
      const body =
        options.body === undefined ? undefined : parseWith(options.body, await readJson(request));
      if (options.authorize && !options.authorize(principal as PrincipalFor<A>)) {
        throw new ForbiddenError();
      }
      if (options.before !== undefined) await options.before(db());
      const base = { request, principal, params, query, body } as Omit<
        ApiContext<A, B, Q, P>,
        "db" | "audit"
      >;
      const result = mutation
        ? await runMutation(signedIn(principal), base, handler, options)
        : await runOutsideTransaction(base, handler, "audit entries belong to mutations");
      if (result.after !== undefined) runAfter(request, result.after);
      return respond(result);
    } catch (error) {
      return errorResponse(request, error);
    }
  };
  return Object.assign(route, {
    contract: {
      auth: options.auth,
      body: options.body,
      query: options.query,
      params: options.params,
    },
  });
}

/**
 * Reads, and unaudited mutations of one statement (atomic by themselves): no interactive
 * transaction, and no audit entry (`noAudit` says why, should a handler try).
 */
async function runOutsideTransaction<A extends AuthMode, B, Q, P>(
  base: Omit<ApiContext<A, B, Q, P>, "db" | "audit">,
  handler: (context: ApiContext<A, B, Q, P>) => Promise<ApiResult>,
  noAudit: string,
): Promise<ApiResult> {
  return handler({ ...base, db: db(), audit: () => Promise.reject(new Error(noAudit)) });
}

/** Mutations need a caller, whatever the route's auth mode. */
function signedIn<T extends Principal>(principal: T | undefined): T {
  if (principal === undefined) throw new UnauthenticatedError();
  return principal;
}

/**
 * The change and its audit entries commit together or not at all; an unaudited write of one
 * statement (`transaction: false`) runs as it is.
 */
async function runMutation<A extends AuthMode, B, Q, P>(
  writer: Principal,
  base: Omit<ApiContext<A, B, Q, P>, "db" | "audit">,
  handler: (context: ApiContext<A, B, Q, P>) => Promise<ApiResult>,
  options: { audited?: boolean; transaction?: false },
): Promise<ApiResult> {
  if (options.transaction === false)
    return runOutsideTransaction(base, handler, "a mutation without a transaction writes no audit");
  const audited = options.audited ?? true;
  return db().$transaction(
    async (tx) => {
      let auditEntries = 0;
      const result = await handler({
        ...base,
        db: tx,
        audit: async (entry) => {
          auditEntries += 1;
          await writeAudit(tx, writer, entry);
        },
      });
      if (audited && auditEntries === 0)
        throw new Error(
          `${base.request.method} ${new URL(base.request.url).pathname} wrote no audit entry`,
        );
      return result;
    },
    { maxWait: 10_000, timeout: 30_000 },
  );
}

function runAfter(request: Request, after: () => Promise<void> | void): void {
  Promise.resolve()
    .then(after)
    .catch((error: unknown) => {
      logError(`[api] ${request.method} ${new URL(request.url).pathname} follow-up failed`, error);
    });
}

async function authenticate(mode: AuthMode, request: Request): Promise<Principal | undefined> {
  if (mode === "public") return undefined;
  if (mode === "lineage-key") {
    const presented = bearerToken(request);
    const principal =
      presented === undefined ? undefined : await principalForKey(db(), presented, new Date());
    if (principal === undefined)
      throw new UnauthenticatedError(
        "a valid, unrevoked domain API key is required (Authorization: Bearer mpl_…)",
      );
    return principal;
  }
  if (mode === "platform") {
    const principal = platformPrincipal(request, portalConfig().platformToken);
    if (principal === undefined)
      throw new UnauthenticatedError(
        "a valid platform token is required (Authorization: Bearer …)",
      );
    return principal;
  }
  const user = await userFromHeaders(request.headers);
  if (user === undefined) throw new UnauthenticatedError();
  return user;
}

/**
 * Cookies are SameSite=Lax, so cross-site POSTs carry no session; this also refuses a mutation whose
 * Origin is another site. Clients that send no Origin (curl, the Pulumi provider) are not browsers.
 */
function checkOrigin(request: Request): void {
  const origin = request.headers.get("origin");
  if (origin === null) return;
  const allowed = new Set([new URL(request.url).origin, portalConfig().publicUrl]);
  if (!allowed.has(origin))
    throw new ForbiddenError("cross-origin requests cannot change anything");
}

/**
 * Body issues keep body-relative paths (`spec.table.columns[0].name`, what forms map to fields);
 * query and path parameter issues say where they are (`query.pageSize`, `params.id`).
 */
function parseWith<S extends z.ZodType | undefined>(
  schema: S,
  input: unknown,
  location?: "query" | "params",
): Parsed<S> {
  if (schema === undefined) return undefined as Parsed<S>;
  const result = schema.safeParse(input, { error: specErrorMap });
  if (!result.success) {
    const issues = toSpecIssues(result.error);
    throw new ValidationError(
      location === undefined
        ? issues
        : issues.map((issue) => ({
            ...issue,
            path: issue.path === "" ? location : `${location}.${issue.path}`,
          })),
    );
  }
  return result.data as Parsed<S>;
}

async function readJson(request: Request): Promise<unknown> {
  const type = request.headers.get("content-type") ?? "";
  if (!/^application\/([\w.+-]+\+)?json\b/i.test(type)) {
    throw new ApiError(415, "Unsupported media type", "send the body as application/json");
  }
  try {
    return (await request.json()) as unknown;
  } catch {
    throw new ApiError(400, "Bad request", "the body is not valid JSON");
  }
}

function respond(result: ApiResult): Response {
  const headers = { "cache-control": "no-store", ...result.headers };
  if (result.body === undefined) return new Response(null, { status: result.status, headers });
  return Response.json(result.body, { status: result.status, headers });
}

function errorResponse(request: Request, error: unknown): Response {
  const problem = problemOf(error);
  if (problem.status >= 500) {
    // Method and path only: headers may carry the platform token or session cookies.
    logError(`[api] ${request.method} ${new URL(request.url).pathname} failed`, error);
  }
  return problemResponse(problem);
}
