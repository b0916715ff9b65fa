import "server-only";
/**
 * Requests: drafts, submission, review and comments. Every read goes through
 * `getRequestOrThrow`, which enforces visibility; every status change goes through the state
 * machine and leaves a status-history row.
 */
import { parseDataProductSpec } from "#contract";
import {
  ACTIONS_REQUIRING_REASON,
  isOpen,
  OPEN_STATUSES,
  transition,
  type RequestAction,
  type RequestKind,
  type RequestStatus,
} from "#core/request-lifecycle";
import { Prisma } from "#db/client";
import type { Db } from "#db/client";
import type { Audit } from "#workflow/audit";
import { applyRequestTransition } from "#workflow/request-transition";
import type {
  CreateRequestBody,
  DraftSpec,
  RequestComment,
  RequestDetail,
  RequestList,
  RequestSummary,
} from "../shared/api-schemas";
import {
  canCreateRequest,
  canEditRequest,
  canReadRequest,
  canTakeAction,
  type UserPrincipal,
} from "./authz";
import { pageOf } from "./pagination";
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from "./problems";

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

function toDetail(row: NonNullable<DetailRow>): RequestDetail {
  const spec = row.spec as Record<string, unknown>;
  const parsed = parseDataProductSpec(spec);
  return {
    ...toSummary(row),
    spec,
    reason: row.reason,
    issues: parsed.success ? [] : parsed.issues,
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

export interface RequestFilters {
  page: number;
  pageSize: number;
  /** One status (the API's filter), or any of several (the pages: "ready to deploy"). */
  status?: RequestStatus | readonly RequestStatus[] | undefined;
  kind?: RequestKind | undefined;
  domain?: string | undefined;
  mine?: "true" | "false" | undefined;
}

export async function listRequests(
  client: Db,
  user: UserPrincipal,
  filters: RequestFilters,
): Promise<RequestList> {
  const visibleDomains = user.platformAdmin ? undefined : [...user.domainRoles.keys()];
  const where = {
    ...(visibleDomains === undefined ? {} : { domain: { in: visibleDomains } }),
    ...(filters.domain === undefined ? {} : { domain: filters.domain }),
    ...(filters.status === undefined
      ? {}
      : {
          status: typeof filters.status === "string" ? filters.status : { in: [...filters.status] },
        }),
    ...(filters.kind === undefined ? {} : { kind: filters.kind }),
    ...(filters.mine === "true" ? { requestedById: user.userId } : {}),
  };
  // A domain filter outside the visible set must not widen it.
  if (
    visibleDomains !== undefined &&
    filters.domain !== undefined &&
    !visibleDomains.includes(filters.domain)
  ) {
    return { items: [], pagination: { page: filters.page, pageSize: filters.pageSize, total: 0 } };
  }
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

export async function createRequest(
  client: Db,
  user: UserPrincipal,
  body: CreateRequestBody,
  audit: Audit,
): Promise<RequestDetail> {
  const { kind, domain, name, spec, reason } = await requestContent(client, body);
  if (!canCreateRequest(user, domain))
    throw new ForbiddenError(`you are not a member of ${domain}`);
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
    if (body.kind === "update") await liveProductOrThrow(client, domain, name);
    return { kind: body.kind, domain, name, spec: body.spec, reason: null };
  }
  const [domain = "", name = ""] = body.product.split("/");
  const product = await liveProductOrThrow(client, domain, name);
  return {
    kind: body.kind,
    domain,
    name,
    spec: product.spec as DraftSpec,
    reason: body.reason,
  };
}

/** Update and decommission requests are about a product that is live now. */
async function liveProductOrThrow(client: Db, domain: string, name: string) {
  const product = await client.dataProduct.findUnique({ where: { domain_name: { domain, name } } });
  if (product === null || product.status !== "live")
    throw new NotFoundError(`no live product ${domain}/${name}`);
  return product;
}

export async function updateDraft(
  client: Db,
  user: UserPrincipal,
  id: string,
  spec: DraftSpec,
  audit: Audit,
): Promise<RequestDetail> {
  const row = await getRequestOrThrow(client, user, id);
  if (!canEditRequest(user, { domain: row.domain, status: row.status })) {
    if (row.status !== "draft") throw new ConflictError(`a ${row.status} request cannot be edited`);
    throw new ForbiddenError();
  }
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
  const updated = await client.productRequest.update({
    where: { id },
    data: { spec: spec as never, displayName: displayNameOf(spec) },
    include: DETAIL_INCLUDE,
  });
  const after = toDetail(updated);
  await audit({
    action: "request.updated",
    entityType: "request",
    entityId: id,
    before: before.spec,
    after: after.spec,
  });
  return after;
}

export async function takeAction(
  client: Db,
  user: UserPrincipal,
  id: string,
  action: RequestAction,
  reason: string | undefined,
  audit: Audit,
): Promise<RequestDetail> {
  const row = await getRequestOrThrow(client, user, id);
  if (!canTakeAction(user, action, row))
    throw new ForbiddenError(`you may not ${action} this request`);
  const next = transition(row.kind, row.status, action);
  if (!next.ok) throw new ConflictError(next.reason);
  if (ACTIONS_REQUIRING_REASON.has(action) && (reason === undefined || reason.trim() === "")) {
    throw new ValidationError([{ path: "reason", message: "is required" }]);
  }
  if (action === "submit") assertSubmittable(row.kind, row.spec);
  if (isOpen(next.status) && !isOpen(row.status))
    await assertNoOpenRequest(client, row.domain, row.name, id);
  const applied = await openRequestGuard(row, () =>
    applyRequestTransition(client, row, action, {
      actor: user,
      audit,
      reason,
      detail: { reason: reason ?? null },
    }),
  );
  if (!applied.ok) throw new ConflictError(applied.message);
  return toDetail(await getRequestOrThrow(client, user, id));
}

function assertSubmittable(kind: RequestKind, spec: unknown): void {
  if (kind === "decommission") return;
  assertValidSpec(spec, "the spec is not valid yet; fix these fields and submit again");
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

export async function addComment(
  client: Db,
  user: UserPrincipal,
  id: string,
  body: string,
  audit: Audit,
): Promise<RequestComment> {
  await getRequestOrThrow(client, user, id);
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
