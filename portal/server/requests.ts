import "server-only";
/**
 * Requests: drafts, submission, review and comments. Every read goes through
 * `getRequestOrThrow`, which applies the visibility rule, and lists through the caller's scope
 * (authz.ts); the routes authorize each change before these run. Every status change goes
 * through the state machine and leaves a status-history row.
 */
import type { z } from "zod";
import { portalConfig } from "#config";
import { DataProductSpec, formatPath, parseDataProductSpec, splitProductRef } from "#contract";
import {
  ACTIONS_REQUIRING_REASON,
  availableActions,
  carriesSpec,
  isEditable,
  isOpen,
  OPEN_STATUSES,
  transition,
  type RequestAction,
  type RequestKind,
  type RequestStatus,
} from "#core/request-lifecycle";
import { Prisma } from "#db/client";
import type { Db } from "#db/client";
import { canonicalJson } from "#lib/canonical-json";
import { MASK, maskForDisplay, restoreMasked } from "#lib/masking";
import type { Audit } from "#workflow/audit";
import { submitSpec } from "#workflow/product-versions";
import { applyRequestTransition } from "#workflow/request-transition";
import {
  RequestIdParams,
  type CreateRequestBody,
  type DraftSpec,
  type RequestListQuery,
  type RequestComment,
  type RequestDetail,
  type RequestList,
  type RequestSummary,
} from "../shared/api-schemas";
import {
  canReadRequest,
  canTakeAction,
  inScope,
  type DomainScope,
  type UserPrincipal,
} from "./authz";
import { assertDomainOpen, assertOwnersAreMembers } from "./domains";
import { pageOf } from "./pagination";
import { ConflictError, NotFoundError, ValidationError } from "./problems";

const USER_REF = { select: { id: true, name: true, email: true } } as const;

const DETAIL_INCLUDE = {
  requestedBy: USER_REF,
  history: { include: { actor: USER_REF }, orderBy: { at: "asc" } },
  comments: { include: { author: USER_REF }, orderBy: { createdAt: "asc" } },
} as const;

interface RequestRow {
  id: string;
  kind: string;
  status: string;
  domain: string;
  name: string;
  displayName: string | null;
  requestedBy: { id: string; name: string; email: string };
  createdAt: Date;
  updatedAt: Date;
}

function toSummary(row: RequestRow): RequestSummary {
  return {
    id: row.id,
    kind: row.kind as RequestKind,
    status: row.status as RequestStatus,
    domain: row.domain,
    name: row.name,
    displayName: row.displayName,
    requestedBy: row.requestedBy,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

type DetailRow = Awaited<ReturnType<typeof findRequest>>;
export type RequestDetailRow = NonNullable<DetailRow>;

/** A request as the portal shows it: its spec (and what is wrong with it) masked for display. */
function toDetail(row: RequestDetailRow): RequestDetail {
  const spec = row.spec as Record<string, unknown>;
  const parsed = parseDataProductSpec(spec);
  return {
    ...toSummary(row),
    spec: maskForDisplay(spec),
    reason: row.reason,
    sunsetAt: row.sunsetAt?.toISOString() ?? null,
    issues: parsed.success ? [] : maskForDisplay(parsed.issues),
    history: row.history.map((change) => ({
      from: change.fromStatus,
      to: change.toStatus,
      action: change.action as RequestAction | "create",
      reason: change.reason,
      actor: change.actor,
      at: change.at.toISOString(),
    })),
    comments: row.comments.map(toComment),
  };
}

function toComment(row: {
  id: string;
  body: string;
  createdAt: Date;
  author: { id: string; name: string; email: string };
}): RequestComment {
  return { id: row.id, body: row.body, author: row.author, createdAt: row.createdAt.toISOString() };
}

function findRequest(client: Db, id: string) {
  return client.productRequest.findUnique({ where: { id }, include: DETAIL_INCLUDE });
}

/** Not visible and not there look the same: a 404 does not confirm that a request exists. */
export async function getRequestOrThrow(client: Db, user: UserPrincipal, id: string) {
  const row = await findRequest(client, id);
  if (row === null || !canReadRequest(user, row)) throw new NotFoundError(`no request ${id}`);
  return row;
}

export async function getRequest(
  client: Db,
  user: UserPrincipal,
  id: string,
): Promise<RequestDetail> {
  return toDetail(await getRequestOrThrow(client, user, id));
}

/** The audit action of a saved change to a request's spec: its authors are read from these. */
const SPEC_EDITED = "request.updated";

/**
 * A request someone wants to act on, with who wrote its content (the requester and everyone who
 * saved a change to its spec, from the audit log, which records each in the change's own
 * transaction): what the four-eyes rule looks at.
 */
async function getActionableRequest(client: Db, user: UserPrincipal, id: string) {
  const row = await getRequestOrThrow(client, user, id);
  const edits = await client.auditLog.findMany({
    where: { entityType: "request", entityId: id, action: SPEC_EDITED, actorId: { not: null } },
    select: { actorId: true },
  });
  const editors = edits.flatMap((edit) => (edit.actorId === null ? [] : [edit.actorId]));
  return { ...row, authorIds: [...new Set([row.requestedById, ...editors])] };
}
type ActionableRequest = Awaited<ReturnType<typeof getActionableRequest>>;

/**
 * The `withApi` options of a route that takes `action` on the request in its path: the request
 * (404 when the caller may not see it) and the rule of who may take the action, under the
 * configured review policy.
 */
export function requestActionRoute(action: RequestAction) {
  return {
    auth: "user" as const,
    params: RequestIdParams,
    load: ({
      db,
      principal,
      params,
    }: {
      db: Db;
      principal: UserPrincipal;
      params: { id: string };
    }) => getActionableRequest(db, principal, params.id),
    authorize: (user: UserPrincipal, { resource }: { resource: ActionableRequest }) =>
      canTakeAction(user, action, resource, portalConfig()),
    forbidden: FORBIDDEN_ACTIONS[action],
  };
}

/**
 * Which of `offered` the user may take on the request now: its status allows them (the state
 * machine) and the rules let this user (authz.ts): what a page shows buttons for.
 */
export async function actionsFor<A extends RequestAction>(
  client: Db,
  user: UserPrincipal,
  id: string,
  offered: readonly A[],
): Promise<A[]> {
  const request = await getActionableRequest(client, user, id);
  const possible = availableActions(request.status);
  return offered.filter(
    (action) => possible.includes(action) && canTakeAction(user, action, request, portalConfig()),
  );
}

const FORBIDDEN_ACTIONS: Readonly<Record<RequestAction, string>> = {
  submit: "only members of the request's domain submit it",
  reopen: "only members of the request's domain reopen it",
  approve: "only platform admins approve requests, under four eyes none who filed or edited it",
  reject: "only platform admins reject requests",
  deploy: "only platform admins deploy requests",
  succeed: "only the deployment worker completes a deployment",
  fail: "only the deployment worker fails a deployment",
  withdraw: "only members of the request's domain withdraw it",
};

export interface RequestFilters {
  page: number;
  pageSize: number;
  /** One status (the API's filter), or any of several (the pages: "ready to deploy"). */
  status?: RequestStatus | readonly RequestStatus[] | undefined;
  kind?: RequestKind | undefined;
  domain?: string | undefined;
  /** Only the requests this user filed. */
  requestedBy?: string | undefined;
}

/** The list query of the API and the requests page as filters: `mine` is the viewer's. */
export function requestFilters(
  query: z.output<typeof RequestListQuery>,
  viewer: UserPrincipal,
): RequestFilters {
  const { mine, ...filters } = query;
  return { ...filters, requestedBy: mine === "true" ? viewer.userId : undefined };
}

/** The requests of `scope` (authz.ts `requestScope`, or a narrower one) that match `filters`. */
export async function listRequests(
  client: Db,
  scope: DomainScope,
  filters: RequestFilters,
): Promise<RequestList> {
  // A domain filter outside the scope must not widen it.
  if (filters.domain !== undefined && !inScope(scope, filters.domain))
    return { items: [], pagination: { page: filters.page, pageSize: filters.pageSize, total: 0 } };
  const where = {
    ...(scope === "all" ? {} : { domain: { in: [...scope] } }),
    ...(filters.domain === undefined ? {} : { domain: filters.domain }),
    ...(filters.status === undefined
      ? {}
      : {
          status: typeof filters.status === "string" ? filters.status : { in: [...filters.status] },
        }),
    ...(filters.kind === undefined ? {} : { kind: filters.kind }),
    ...(filters.requestedBy === undefined ? {} : { requestedById: filters.requestedBy }),
  };
  return pageOf(
    filters,
    async (window) =>
      (
        await client.productRequest.findMany({
          where,
          include: { requestedBy: USER_REF },
          orderBy: [{ updatedAt: "desc" }, { id: "asc" }],
          ...window,
        })
      ).map(toSummary),
    () => client.productRequest.count({ where }),
  );
}

function displayNameOf(spec: DraftSpec): string | null {
  return typeof spec.displayName === "string" && spec.displayName.trim() !== ""
    ? spec.displayName.trim()
    : null;
}

async function assertNoOpenRequest(
  client: Db,
  domain: string,
  name: string,
  exceptId?: string,
): Promise<void> {
  const open = await client.productRequest.findFirst({
    where: {
      domain,
      name,
      status: { in: [...OPEN_STATUSES] },
      ...(exceptId === undefined ? {} : { id: { not: exceptId } }),
    },
    select: { id: true },
  });
  if (open !== null)
    throw new ConflictError(`request ${open.id} for ${domain}/${name} is still open`);
}

/**
 * The check above answers the usual case with the open request's id; when two writers pass it at
 * the same moment, the index `product_requests_one_open_per_product` refuses the second (P2002),
 * and this says why. (Its transaction is aborted then, so the id cannot be looked up.)
 */
async function openRequestGuard<T>(
  product: { domain: string; name: string },
  write: () => Promise<T>,
): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002")
      throw new ConflictError(
        `another request for ${product.domain}/${product.name} is still open`,
      );
    throw error;
  }
}

/** The domain a new request is filed in: what `canCreateRequest` is asked about. */
export function requestDomain(body: CreateRequestBody): string {
  return body.kind === "decommission" ? splitProductRef(body.product).domain : body.spec.domain;
}

export async function createRequest(
  client: Db,
  user: UserPrincipal,
  body: CreateRequestBody,
  audit: Audit,
): Promise<RequestDetail> {
  const { kind, domain, name, spec, reason, sunsetAt } = await requestContent(client, body);
  await assertDomainOpen(client, domain);
  await assertNoOpenRequest(client, domain, name);
  if (kind === "create") {
    const existing = await client.dataProduct.findUnique({
      where: { domain_name: { domain, name } },
    });
    if (existing !== null && existing.status === "live")
      throw new ConflictError(`${domain}/${name} already exists`);
  }
  const row = await openRequestGuard({ domain, name }, () =>
    client.productRequest.create({
      data: {
        kind,
        status: "draft",
        domain,
        name,
        displayName: displayNameOf(spec),
        spec: spec as never,
        reason,
        sunsetAt,
        requestedById: user.userId,
        history: {
          create: { fromStatus: null, toStatus: "draft", action: "create", actorId: user.userId },
        },
      },
      include: DETAIL_INCLUDE,
    }),
  );
  const detail = toDetail(row);
  await audit({
    action: "request.created",
    entityType: "request",
    entityId: row.id,
    after: detail,
  });
  return detail;
}

async function requestContent(client: Db, body: CreateRequestBody) {
  if (body.kind !== "decommission") {
    const { domain, name } = body.spec;
    // An update starts from the live product's spec, which the client was shown masked.
    const live = body.kind === "update" ? await liveProductOrThrow(client, domain, name) : null;
    const spec = withStoredSecrets(body.spec, live?.spec);
    return { kind: body.kind, domain, name, spec, reason: null, sunsetAt: null };
  }
  const { domain, name } = splitProductRef(body.product);
  const product = await liveProductOrThrow(client, domain, name);
  return {
    kind: body.kind,
    domain,
    name,
    spec: product.spec as DraftSpec,
    reason: body.reason,
    sunsetAt: body.sunsetAt === undefined ? null : new Date(body.sunsetAt),
  };
}

/**
 * The spec a client sends back after the portal showed it masked (maskForDisplay): the values it
 * returned unchanged are taken from `stored`, the spec they were masked from, so what deploys read
 * keeps its secrets (an Azure artifact's SAS signature). 422 for a masked value that was edited
 * instead of kept or typed again whole: it would be saved, and deployed, broken.
 */
function withStoredSecrets(spec: DraftSpec, stored: unknown): DraftSpec {
  const { value, masked } = restoreMasked(spec, stored);
  if (masked.length > 0) {
    throw new ValidationError(
      masked.map((path) => ({
        path: formatPath(["spec", ...path]),
        message: `holds a masked value (${MASK}): keep it as shown or enter the whole value again`,
      })),
    );
  }
  return value;
}

/** Update and decommission requests are about a product that is live now. */
async function liveProductOrThrow(client: Db, domain: string, name: string) {
  const product = await client.dataProduct.findUnique({ where: { domain_name: { domain, name } } });
  if (product === null || product.status !== "live")
    throw new NotFoundError(`no live product ${domain}/${name}`);
  return product;
}

/** Saves a draft's spec; the caller may edit the request's drafts (authz.ts `canEditDrafts`). */
export async function updateDraft(
  client: Db,
  row: RequestDetailRow,
  spec: DraftSpec,
  audit: Audit,
): Promise<RequestDetail> {
  const { id } = row;
  if (!isEditable(row.status)) throw new ConflictError(`a ${row.status} request cannot be edited`);
  if (row.kind === "decommission")
    throw new ConflictError("a decommission request has no spec to edit");
  if (spec.domain !== row.domain || spec.name !== row.name) {
    throw new ValidationError([
      {
        path: spec.domain !== row.domain ? "spec.domain" : "spec.name",
        message: "cannot change after the request is created; start a new request",
      },
    ]);
  }
  const before = toDetail(row);
  const saved = withStoredSecrets(spec, row.spec);
  const updated = await client.productRequest.update({
    where: { id },
    data: { spec: saved as never, displayName: displayNameOf(saved) },
    include: DETAIL_INCLUDE,
  });
  const after = toDetail(updated);
  await audit({
    action: SPEC_EDITED,
    entityType: "request",
    entityId: id,
    before: before.spec,
    after: after.spec,
  });
  return after;
}

/**
 * Takes `action` on the request, which the caller is authorized to take (authz.ts
 * `canTakeAction`); whether its status allows it is the state machine's answer (409).
 */
export async function takeAction(
  client: Db,
  user: UserPrincipal,
  row: RequestDetailRow,
  action: RequestAction,
  reason: string | undefined,
  audit: Audit,
  detail: Record<string, unknown> = {},
): Promise<RequestDetail> {
  const { id } = row;
  const next = transition(row.kind, row.status, action);
  if (!next.ok) throw new ConflictError(next.reason);
  if (ACTIONS_REQUIRING_REASON.has(action) && (reason === undefined || reason.trim() === "")) {
    throw new ValidationError([{ path: "reason", message: "is required" }]);
  }
  if (action === "submit") {
    assertSubmittable(row.kind, row.spec);
    await assertDomainOpen(client, row.domain);
    if (carriesSpec(row.kind)) {
      const { owners } = DataProductSpec.parse(row.spec);
      await assertOwnersAreMembers(client, row.domain, owners.emails);
    }
    if (row.kind === "update") await assertChangesLiveSpec(client, row);
    if (carriesSpec(row.kind)) Object.assign(detail, await passSubmitGate(client, user, row));
  }
  if (isOpen(next.status) && !isOpen(row.status))
    await assertNoOpenRequest(client, row.domain, row.name, id);
  const applied = await openRequestGuard(row, () =>
    applyRequestTransition(client, row, action, {
      actor: user,
      audit,
      reason,
      detail: { reason: reason ?? null, ...detail },
    }),
  );
  if (!applied.ok) throw new ConflictError(applied.message);
  return toDetail(await getRequestOrThrow(client, user, id));
}

/**
 * The evolution gate (core/evolution.ts): 422 at the path of an illegal change or at `version`;
 * otherwise the spec gets its version and column ids and the submission is kept. Returns what the
 * audit entry records.
 */
async function passSubmitGate(
  client: Db,
  user: UserPrincipal,
  row: RequestDetailRow,
): Promise<Record<string, unknown>> {
  const outcome = await submitSpec(client, row, user);
  if (!outcome.ok) {
    throw new ValidationError(
      maskForDisplay(outcome.issues).map((issue) => ({
        path: `spec.${issue.path}`,
        message: issue.message,
      })),
      "the change cannot be made to the live product as it is; fix these fields and submit again",
    );
  }
  const { verdict, live } = outcome;
  return {
    version: verdict.version,
    versionProposed: verdict.versionProposed,
    liveVersion: live?.version ?? null,
    severity: verdict.severity ?? null,
    changes: verdict.changes.length,
  };
}

function assertSubmittable(kind: RequestKind, spec: unknown): void {
  if (kind === "decommission") return;
  assertValidSpec(spec, "the spec is not valid yet; fix these fields and submit again");
}

/**
 * 422 when an update request's spec is the live product's (after defaults; key order does not
 * matter): there would be nothing to review or deploy.
 */
async function assertChangesLiveSpec(
  client: Db,
  row: Pick<RequestDetailRow, "domain" | "name" | "spec">,
): Promise<void> {
  const live = await liveProductOrThrow(client, row.domain, row.name);
  const proposed = parseDataProductSpec(row.spec);
  const current = parseDataProductSpec(live.spec);
  if (!proposed.success || !current.success) return;
  if (canonicalJson(proposed.spec) === canonicalJson(current.spec))
    throw new ValidationError(
      [
        {
          path: "spec",
          message:
            "is identical to the live product's spec: change something, or withdraw the request",
        },
      ],
      "nothing to change: the update's spec is the live product's",
    );
}

/** 422 with every issue of a stored draft's spec, at `spec.…` paths, unless the contract accepts it. */
export function assertValidSpec(spec: unknown, detail?: string): void {
  const parsed = parseDataProductSpec(spec);
  if (parsed.success) return;
  throw new ValidationError(
    parsed.issues.map((issue) => ({
      path: issue.path === "" ? "spec" : `spec.${issue.path}`,
      message: issue.message,
    })),
    detail,
  );
}

/** Comments on a request the caller may comment on (authz.ts `canComment`). */
export async function addComment(
  client: Db,
  user: UserPrincipal,
  id: string,
  body: string,
  audit: Audit,
): Promise<RequestComment> {
  const row = await client.requestComment.create({
    data: { requestId: id, authorId: user.userId, body },
    include: { author: USER_REF },
  });
  const comment = toComment(row);
  await audit({
    action: "request.commented",
    entityType: "comment",
    entityId: row.id,
    after: comment,
  });
  return comment;
}
