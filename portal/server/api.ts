import "server-only";
/**
 * `withApi`: the one wrapper around every /api/v1 route handler. In order it checks the Origin of
 * mutations, authenticates, parses path/query/body with zod, loads what the request is about,
 * authorizes with a rule of authz.ts, runs the handler (in one transaction for mutations, together
 * with its audit entries) and maps anything thrown to RFC 9457 problem+json. Handlers stay thin:
 * they never decide access and never build error responses themselves.
 */
import { z } from "zod";
import { portalConfig } from "#config";
import { formatPath, specErrorMap, toSpecIssues } from "#contract";
import { nulPath } from "#lib/nul";
import type { Database, Db, Transaction } from "#db/client";
import { auditRow, writeAudit, type Audit, type AuditEntry, type AuditRow } from "#workflow/audit";
import type { LineageKeyPrincipal, PlatformPrincipal, Principal, UserPrincipal } from "./authz";
import { db } from "./db";
import { parseJsonLossless, stringifyJsonLossless } from "#lib/iceberg/json";
import { icebergErrorOf, icebergErrorResponse } from "./iceberg/errors";
import { OAUTH_TOKEN_PREFIX, principalForToken } from "./iceberg/tokens";
import { KEY_PREFIX, principalForKey } from "./lineage/api-keys";
import { logError, logOutage, outageOver } from "./log";
import { bearerToken, platformPrincipal } from "./platform-token";
import {
  ApiError,
  ForbiddenError,
  UnauthenticatedError,
  ValidationError,
  problemHeaders,
  problemOf,
  problemResponse,
} from "./problems";
import { readJsonBody } from "./request-body";
import { userFromHeaders } from "./session";

type AuthMode = "user" | "platform" | "public" | "lineage-key" | "iceberg";

type PrincipalFor<A extends AuthMode> = A extends "user"
  ? UserPrincipal
  : A extends "platform"
    ? PlatformPrincipal
    : A extends "lineage-key"
      ? LineageKeyPrincipal
      : A extends "iceberg"
        ? Principal
        : Principal | undefined;

type Parsed<S> = S extends z.ZodType ? z.output<S> : undefined;

/** The caller and its parsed input: what `load` and `authorize` decide from. */
export interface ApiInput<A extends AuthMode, B, Q, P> {
  principal: PrincipalFor<A>;
  body: Parsed<B>;
  query: Parsed<Q>;
  params: Parsed<P>;
}

export interface ApiOptions<
  A extends AuthMode,
  B extends z.ZodType | undefined,
  Q extends z.ZodType | undefined,
  P extends z.ZodType | undefined,
  R,
> {
  auth: A;
  body?: B;
  query?: Q;
  params?: P;
  /**
   * Loads what the request is about (a request, a product, a dataset's links) for `authorize` and
   * the handler. What the caller may not see is answered as missing (404), like what is not there.
   * Runs in a mutation's transaction, so the handler acts on exactly what was authorized.
   */
  load?: (input: ApiInput<A, B, Q, P> & { db: Db }) => Promise<R>;
  /**
   * The resource from a per-process cache, if there is one (no database read): `authorize` decides
   * on it as on a loaded one, and the handler runs with `cached: true`. When `authorize` refuses
   * it, or the handler finds it out of date (throws StaleResource), `load` reads it afresh and
   * authorize and the handler run again on that, once: refusals and failures are always decided
   * on fresh data. Needs `load` and `transaction: "on-demand"` (no half-done transaction to undo).
   */
  cached?: (input: ApiInput<A, B, Q, P>) => R | undefined;
  /**
   * The route's access rule, from authz.ts, over the caller, its parsed input and the loaded
   * resource; false answers 403. Without `load` it runs before anything touches the database.
   */
  authorize?: (principal: PrincipalFor<A>, input: AccessInput<A, B, Q, P, R>) => boolean;
  /** The 403's detail when `authorize` says no (default: "you may not do this"). */
  forbidden?: string;
  /**
   * false for high-volume writes whose rows record their writer themselves (OpenLineage events keep
   * the API key's id); every other mutation must write an audit entry.
   */
  audited?: boolean;
  /**
   * false when an unaudited handler writes with one statement, atomic by itself (OpenLineage
   * ingestion): spares the interactive transaction's extra round trips on the hottest write path.
   * "on-demand" for an audited handler that usually writes its change and its audit entry in one
   * statement (`auditRow`, e.g. an Iceberg commit's compare-and-swap), and opens the transaction
   * (`transaction`) itself only when its change takes several statements; `load` then reads
   * outside a transaction, which a compare-and-swap in the change's statement makes safe.
   */
  transaction?: false | "on-demand";
  /**
   * Runs after authorization and before the handler (and a mutation's transaction): work that
   * needs transactions of its own, such as catching up with the lineage projector.
   */
  before?: (client: Database) => Promise<void>;
  /**
   * Neutralises NUL characters in the free-text parts of the raw body (which PostgreSQL cannot
   * store) before parsing; a NUL anywhere else in the path, query or body answers 400 naming it.
   */
  freeText?: (raw: unknown) => unknown;
  /**
   * "iceberg" for the Iceberg REST catalog: errors as IcebergErrorResponse instead of
   * problem+json, and JSON read and written losslessly (64-bit snapshot ids stay exact).
   */
  protocol?: "iceberg";
}

export type AccessInput<A extends AuthMode, B, Q, P, R> = Omit<
  ApiInput<A, B, Q, P>,
  "principal"
> & {
  resource: R;
};

export interface ApiContext<A extends AuthMode, B, Q, P, R = undefined> extends ApiInput<
  A,
  B,
  Q,
  P
> {
  request: Request;
  /** What `load` returned, or `cached`. */
  resource: R;
  /** Whether `resource` came from `cached`: throw StaleResource when it proves out of date. */
  cached: boolean;
  /** Inside the mutation's transaction for POST/PUT/PATCH/DELETE. */
  db: Db;
  /** Records an audit entry in the same transaction (mutations only). */
  audit: Audit;
  /**
   * Runs `work` in the mutation's transaction with its audit writer: the request's own, or with
   * `transaction: "on-demand"` one opened now (mutations only).
   */
  transaction: <T>(work: (tx: Db, audit: Audit) => Promise<T>) => Promise<T>;
  /**
   * The audit entry as a row for the change's own statement to insert (workflow/audit.ts
   * auditInsertFrom); counts as the mutation's audit entry, so the handler must run that
   * statement or fail (mutations only).
   */
  auditRow: (entry: AuditEntry) => AuditRow;
}

/**
 * Thrown by a handler whose `cached` resource proved out of date before it changed anything:
 * withApi loads the resource afresh, authorizes it and runs the handler again.
 */
export class StaleResource extends Error {
  constructor() {
    super("the cached resource is out of date");
    this.name = "StaleResource";
  }
}

export interface ApiResult {
  status: number;
  body?: unknown;
  /** A body sent as it is (set its content-type in `headers`), instead of `body` as JSON. */
  text?: string;
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
export const okText = (body: string, contentType: string): ApiResult => ({
  status: 200,
  text: body,
  headers: { "content-type": contentType },
});

/** 201 when the call made something new, 200 when it found (or updated) what was there. */
export const createdOrOk = (isNew: boolean, body: unknown, location?: string): ApiResult =>
  isNew ? created(body, location) : ok(body);

/** A queued deployment: 201 with its address, or 200 when the same one was already queued. */
export const enqueued = (result: { created: boolean; deployment: { id: string } }): ApiResult =>
  createdOrOk(result.created, result, `/api/v1/deployments/${result.deployment.id}`);

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
  R = undefined,
>(
  options: ApiOptions<A, B, Q, P, R>,
  handler: (context: ApiContext<A, B, Q, P, R>) => Promise<ApiResult>,
): RouteHandler {
  if (options.transaction === false && options.audited !== false)
    throw new Error("a mutation without a transaction cannot write an audit entry atomically");
  if (
    options.cached !== undefined &&
    (options.load === undefined || options.transaction !== "on-demand")
  )
    throw new Error(
      "a cached resource needs load (to read it afresh) and an on-demand transaction",
    );
  const route = async (request: Request, routeContext: RouteContext): Promise<Response> => {
    try {
      const mutation = !SAFE_METHODS.has(request.method);
      if (mutation) checkOrigin(request);
      const principal = await authenticate(options.auth, request);
      const iceberg = options.protocol === "iceberg";
      const params = parseWith(
        options.params,
        options.params === undefined ? undefined : refuseNul(await routeContext.params, "params"),
        "params",
      );
      const query = parseWith(
        options.query,
        options.query === undefined
          ? undefined
          : refuseNul(Object.fromEntries(new URL(request.url).searchParams), "query"),
        "query",
      );
      const body =
        options.body === undefined
          ? undefined
          : parseWith(
              options.body,
              refuseNul(
                (options.freeText ?? same)(
                  await readJsonBody(request, {
                    maxBytes: portalConfig().maxBodyBytes,
                    ...(iceberg ? { parse: parseJsonLossless } : {}),
                  }),
                ),
              ),
            );
      const input = { principal, params, query, body } as ApiInput<A, B, Q, P>;
      if (options.load === undefined) authorizeOrThrow(options, input, undefined as R);
      if (options.before !== undefined) await options.before(db());
      const act: Act = async (client, writes) => {
        const run = (resource: R, cached: boolean) =>
          handler({ ...input, request, resource, cached, db: client, ...writes });
        const cached = cachedAndAuthorized(options, input);
        if (cached !== undefined) {
          try {
            return await run(cached, true);
          } catch (error) {
            if (!(error instanceof StaleResource)) throw error;
          }
        }
        return run(await loadAndAuthorize(options, input, client), false);
      };
      const result = mutation
        ? await runMutation(signedIn(principal), request, act, options)
        : await runOutsideTransaction(act, "audit entries belong to mutations");
      if (result.after !== undefined) runAfter(request, result.after);
      if (options.auth !== "public") outageOver(); // it authenticated against the database
      return respond(result, iceberg);
    } catch (error) {
      return errorResponse(request, error, options.protocol);
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

/** How a handler writes: its audit entries and its transaction. */
type Writes = Pick<
  ApiContext<AuthMode, unknown, unknown, unknown>,
  "audit" | "transaction" | "auditRow"
>;

/** A route's work once its input is parsed: load, authorize, handle, on `client`. */
type Act = (client: Db, writes: Writes) => Promise<ApiResult>;

type Schema = z.ZodType | undefined;

function authorizeOrThrow<
  A extends AuthMode,
  B extends Schema,
  Q extends Schema,
  P extends Schema,
  R,
>(options: ApiOptions<A, B, Q, P, R>, input: ApiInput<A, B, Q, P>, resource: R): void {
  if (!allows(options, input, resource)) throw new ForbiddenError(options.forbidden);
}

/** Whether the route's `authorize` rule (none: everyone signed in) lets the caller act on `resource`. */
function allows<A extends AuthMode, B extends Schema, Q extends Schema, P extends Schema, R>(
  options: ApiOptions<A, B, Q, P, R>,
  { principal, ...parsed }: ApiInput<A, B, Q, P>,
  resource: R,
): boolean {
  return options.authorize === undefined || options.authorize(principal, { ...parsed, resource });
}

/** The cached resource when there is one and `authorize` allows it; else undefined (load it). */
function cachedAndAuthorized<
  A extends AuthMode,
  B extends Schema,
  Q extends Schema,
  P extends Schema,
  R,
>(options: ApiOptions<A, B, Q, P, R>, input: ApiInput<A, B, Q, P>): R | undefined {
  const resource = options.cached?.(input);
  return resource !== undefined && allows(options, input, resource) ? resource : undefined;
}

async function loadAndAuthorize<
  A extends AuthMode,
  B extends Schema,
  Q extends Schema,
  P extends Schema,
  R,
>(options: ApiOptions<A, B, Q, P, R>, input: ApiInput<A, B, Q, P>, client: Db): Promise<R> {
  if (options.load === undefined) return undefined as R;
  const resource = await options.load({ ...input, db: client });
  authorizeOrThrow(options, input, resource);
  return resource;
}

/**
 * Reads, and unaudited mutations of one statement (atomic by themselves): no interactive
 * transaction, and no audit entry (`noAudit` says why, should a handler try).
 */
async function runOutsideTransaction(act: Act, noAudit: string): Promise<ApiResult> {
  const refuse = () => {
    throw new Error(noAudit);
  };
  return act(db(), {
    audit: () => Promise.reject(new Error(noAudit)),
    transaction: refuse,
    auditRow: refuse,
  });
}

/** Mutations need a caller, whatever the route's auth mode. */
function signedIn<T extends Principal>(principal: T | undefined): T {
  if (principal === undefined) throw new UnauthenticatedError();
  return principal;
}

/**
 * The change and its audit entries commit together or not at all; an unaudited write of one
 * statement (`transaction: false`) runs as it is; an "on-demand" handler writes its audit entry
 * in its change's statement or opens the transaction itself.
 */
async function runMutation(
  writer: Principal,
  request: Request,
  act: Act,
  options: { audited?: boolean; transaction?: false | "on-demand" },
): Promise<ApiResult> {
  if (options.transaction === false)
    return runOutsideTransaction(act, "a mutation without a transaction writes no audit");
  const audited = options.audited ?? true;
  let auditEntries = 0;
  const auditIn =
    (tx: Transaction): Audit =>
    async (entry) => {
      auditEntries += 1;
      await writeAudit(tx, writer, entry);
    };
  const rowOf = (entry: AuditEntry) => {
    auditEntries += 1;
    return auditRow(writer, entry);
  };
  const checked = (result: ApiResult) => {
    if (audited && auditEntries === 0)
      throw new Error(`${request.method} ${new URL(request.url).pathname} wrote no audit entry`);
    return result;
  };
  if (options.transaction === "on-demand") {
    const transaction = <T>(work: (tx: Db, audit: Audit) => Promise<T>) =>
      db().$transaction((tx) => work(tx, auditIn(tx)), TRANSACTION_LIMITS);
    const audit = () =>
      Promise.reject(new Error("audit in the change's statement (auditRow) or in transaction()"));
    return checked(await act(db(), { audit, transaction, auditRow: rowOf }));
  }
  return db().$transaction(async (tx) => {
    const audit = auditIn(tx);
    const transaction = <T>(work: (tx: Db, audit: Audit) => Promise<T>) => work(tx, audit);
    return checked(await act(tx, { audit, transaction, auditRow: rowOf }));
  }, TRANSACTION_LIMITS);
}

const TRANSACTION_LIMITS = { maxWait: 10_000, timeout: 30_000 };

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
  if (mode === "iceberg") return icebergPrincipal(request);
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
 * The Iceberg catalog's callers: a bearer that is a domain API key, an OAuth token issued for one
 * (iceberg/tokens.ts) or the platform token; without a bearer, a signed-in user's session.
 */
async function icebergPrincipal(request: Request): Promise<Principal> {
  const presented = bearerToken(request);
  const now = new Date();
  const config = portalConfig();
  const principal =
    presented === undefined
      ? await userFromHeaders(request.headers)
      : presented.startsWith(KEY_PREFIX)
        ? await principalForKey(db(), presented, now)
        : presented.startsWith(OAUTH_TOKEN_PREFIX)
          ? await principalForToken(db(), presented, config.authSecret, now)
          : platformPrincipal(request, config.platformToken);
  if (principal === undefined)
    throw new UnauthenticatedError(
      "a domain API key, an OAuth token from /v1/oauth/tokens or the platform token is required (Authorization: Bearer …)",
    );
  return principal;
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

const same = (raw: unknown) => raw;

/** PostgreSQL stores no NUL in text: refused up front, naming where it is, rather than a 500. */
function refuseNul<T>(input: T, location?: "query" | "params"): T {
  const path = nulPath(input);
  if (path === undefined) return input;
  const field = [location, formatPath(path)]
    .filter((part): part is string => part !== undefined && part !== "")
    // The path may run through a key holding the NUL: name it escaped, never echo the character.
    .map((part) => part.replaceAll("\u0000", "\\u0000"));
  throw new ApiError(400, "Bad request", "text cannot contain a NUL character (U+0000)", [
    { path: field.join("."), message: "must not contain a NUL character (U+0000)" },
  ]);
}

function respond(result: ApiResult, lossless: boolean): Response {
  const headers = { "cache-control": "no-store", ...result.headers };
  if (result.text !== undefined)
    return new Response(result.text, { status: result.status, headers });
  if (result.body === undefined) return new Response(null, { status: result.status, headers });
  if (lossless) {
    return new Response(stringifyJsonLossless(result.body), {
      status: result.status,
      headers: { "content-type": "application/json", ...headers },
    });
  }
  return Response.json(result.body, { status: result.status, headers });
}

function errorResponse(
  request: Request,
  error: unknown,
  protocol: "iceberg" | undefined,
): Response {
  const problem = problemOf(error);
  const iceberg = protocol === "iceberg" ? icebergErrorOf(error) : undefined;
  const status = iceberg?.error.code ?? problem.status;
  // The database's outage is logged once per window; any other 5xx (storage refusing an Iceberg
  // metadata file included) with its error.
  if (problem.status === 503)
    logOutage(`[api] ${request.method} ${new URL(request.url).pathname}`, error);
  else if (status >= 500) {
    // Method and path only: headers may carry the platform token or session cookies.
    logError(`[api] ${request.method} ${new URL(request.url).pathname} failed`, error);
  }
  if (iceberg !== undefined) {
    // HEAD answers carry no body (the spec's exists checks read the status alone).
    if (request.method === "HEAD") return new Response(null, { status: iceberg.error.code });
    return icebergErrorResponse(iceberg);
  }
  return problemResponse(problem, problemHeaders(error));
}
