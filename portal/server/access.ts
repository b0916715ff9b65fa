import "server-only";
/**
 * Access requests and their decisions (issue #18, docs/access.md): a member of a consuming domain
 * asks for read access to another domain's product; the product's owners (and, for restricted
 * products, a different platform admin) approve, or deny; owners revoke. Who may do each is
 * authz.ts's; the rules by classification are contract/access.ts's. Each transition is audited
 * and told (workflow/notify.ts) in the route's transaction; an approval or revocation on a cloud
 * product queues the `up` that provisions it (workflow/access.ts).
 */
import {
  accessRequestSchema,
  approvalState,
  type AccessPrincipal,
  type Classification,
} from "#contract";
import type { Db } from "#db/client";
import type { Audit } from "#workflow/audit";
import { newGrantId, storedApprovals, type GrantRow } from "#workflow/access";
import { REMINDER_DAYS } from "#workflow/access-expiry";
import { queueGrantUp } from "#workflow/access-provisioning";
import { notify } from "#workflow/notify";
import type {
  AccessAction,
  AccessRequestBody,
  AccessRequestView,
  AccessRow,
  DomainAccessView,
  PeopleNames,
  ProductAccessView,
} from "../shared/access-schemas";
import {
  accessRequestScope,
  approverRoleFor,
  canDenyAccess,
  canReadAccessRequest,
  canReadProduct,
  canRequestAccess,
  canRevokeAccess,
  inScope,
  memberDomains,
  type UserPrincipal,
} from "./authz";
import { ConflictError, ForbiddenError, NotFoundError } from "./problems";

const PRODUCT_FIELDS = {
  id: true,
  domain: true,
  name: true,
  status: true,
  classification: true,
  cloud: true,
  region: true,
  spec: true,
  stackName: true,
  environment: true,
  ownerEmails: true,
} as const;

export interface AccessProduct {
  id: string;
  domain: string;
  name: string;
  status: string;
  classification: Classification;
  cloud: "aws" | "azure" | "gcp" | "local";
  region: string;
  spec: unknown;
  stackName: string | null;
  environment: string | null;
  ownerEmails: string[];
}

export interface AccessGrantResource extends GrantRow {
  product: AccessProduct;
}

/** The product access is asked for; one the viewer may not see is answered as missing. */
export async function accessProductOrThrow(
  db: Db,
  viewer: UserPrincipal,
  domain: string,
  name: string,
): Promise<AccessProduct> {
  const product = await db.dataProduct.findUnique({
    where: { domain_name: { domain, name } },
    select: PRODUCT_FIELDS,
  });
  if (product === null || !canReadProduct(viewer, product))
    throw new NotFoundError(`no product ${domain}/${name}`);
  return product;
}

/** An access request the viewer may see (the product's owners, admins, the requesting domain). */
export async function accessRequestOrThrow(
  db: Db,
  viewer: UserPrincipal,
  id: string,
): Promise<AccessGrantResource> {
  const grant = await db.accessGrant.findUnique({
    where: { id },
    include: { product: { select: PRODUCT_FIELDS } },
  });
  if (grant === null || !canReadAccessRequest(viewer, grant))
    throw new NotFoundError(`no access request ${id}`);
  return grant;
}

function statusAt(row: GrantRow, now: Date): AccessRequestView["status"] {
  const status = row.status as AccessRequestView["status"];
  if (status === "approved" && row.endsAt !== null && row.endsAt.getTime() <= now.getTime())
    return "expired";
  return status;
}

export function accessRequestView(
  row: GrantRow,
  product: { domain: string; name: string },
  now: Date,
): AccessRequestView {
  const approvals = storedApprovals(row);
  return {
    id: row.id,
    product: `${product.domain}/${product.name}`,
    consumer: row.consumer,
    classification: row.classification,
    principal: row.principal as AccessPrincipal,
    purpose: row.purpose,
    endsAt: row.endsAt?.toISOString() ?? null,
    status: statusAt(row, now),
    approvals,
    missing: row.status === "requested" ? approvalState(row.classification, approvals).missing : [],
    reason: row.reason,
    requestedBy: row.requestedBy,
    requestedAt: row.createdAt.toISOString(),
    decidedAt: row.decidedAt?.toISOString() ?? null,
    ...(row.deploymentId == null ? {} : { deploymentId: row.deploymentId }),
  };
}

function link(product: { domain: string; name: string }): string {
  return `/products/${product.domain}/${product.name}`;
}

function audited(row: GrantRow, product: AccessProduct, now: Date) {
  const view = accessRequestView(row, product, now);
  return {
    status: view.status,
    product: view.product,
    consumer: view.consumer,
    principal: view.principal,
    endsAt: view.endsAt,
    approvals: view.approvals,
    reason: view.reason,
  };
}

/**
 * A new access request. A public product's is approved at once; the others wait for their
 * classification's approvals. One open request or grant per consuming domain and product, except
 * that a grant ending within REMINDER_DAYS may be renewed (re-certified) by a new request.
 */
export async function requestAccess(
  db: Db,
  user: UserPrincipal,
  product: AccessProduct,
  body: AccessRequestBody,
  audit: Audit,
  now: Date = new Date(),
): Promise<AccessRequestView> {
  const { consumer, ...request } = body;
  const checked = accessRequestSchema(product, now).parse(request);
  // A grant in its last REMINDER_DAYS does not block asking again: that is its re-certification.
  const renewable = new Date(now.getTime() + REMINDER_DAYS * 86_400_000);
  const open = await db.accessGrant.findFirst({
    where: {
      productId: product.id,
      consumer,
      OR: [
        { status: "requested", OR: [{ endsAt: null }, { endsAt: { gt: now } }] },
        { status: "approved", OR: [{ endsAt: null }, { endsAt: { gt: renewable } }] },
      ],
    },
    select: { id: true, status: true },
  });
  if (open !== null)
    throw new ConflictError(
      `${consumer} already has ${open.status === "requested" ? "an open request" : "a grant"} on ${product.domain}/${product.name} (${open.id})`,
    );
  const automatic = approvalState(product.classification, []).approved;
  const row = await db.accessGrant.create({
    data: {
      id: newGrantId(),
      productId: product.id,
      consumer,
      requestedBy: user.userId,
      classification: product.classification,
      principal: checked.principal,
      purpose: checked.purpose,
      endsAt: checked.endsAt === undefined ? null : new Date(checked.endsAt),
      status: automatic ? "approved" : "requested",
      decidedAt: automatic ? now : null,
    },
  });
  await audit({
    action: automatic ? "access-grant.approved" : "access-grant.requested",
    entityType: "access-grant",
    entityId: row.id,
    after: audited(row, product, now),
  });
  const ref = `${product.domain}/${product.name}`;
  await notify(
    db,
    {
      kind: automatic ? "access.approved" : "access.requested",
      title: automatic
        ? `${consumer} was granted read access to ${ref} (public)`
        : `${consumer} asks for read access to ${ref}`,
      body: checked.purpose,
      link: link(product),
      payload: { product: ref, consumer, accessRequest: row.id, status: row.status },
      to: {
        domainMembers: automatic ? [product.domain, consumer] : [product.domain],
        platformAdmins: product.classification === "restricted",
        except: user.userId,
      },
      webhookDomains: [product.domain, consumer],
    },
    now,
  );
  const view = accessRequestView(row, product, now);
  if (!automatic) return view;
  return withGrantUp(db, product, user, view);
}

/** A product's access requests, newest first, as far as the viewer may see them. */
export async function listAccessRequests(
  db: Db,
  viewer: UserPrincipal,
  product: AccessProduct,
  now: Date = new Date(),
): Promise<{ items: AccessRequestView[] }> {
  const scope = accessRequestScope(viewer, product);
  const rows = await db.accessGrant.findMany({
    where: {
      productId: product.id,
      ...(scope === "all" ? {} : { consumer: { in: [...scope] } }),
    },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
  });
  return {
    items: rows
      .filter((row) => inScope(scope, row.consumer))
      .map((row) => accessRequestView(row, product, now)),
  };
}

export interface DomainAccessLists {
  domain: string;
  /** Its requests and grants on other domains' products, newest first. */
  consumes: AccessRequestView[];
  /** Other domains' requests and grants on its products, as far as the viewer may see them. */
  consumedBy: AccessRequestView[];
}

/**
 * A domain's access overview for its page and API: what it consumes and who consumes its
 * products. `open` keeps requests awaiting a decision and grants in force (approved, end date
 * ahead); `all` adds the denied, revoked and expired ones. Each row is one the viewer may read
 * (`canReadAccessRequest`), as on the product's list.
 */
export async function domainAccess(
  db: Db,
  viewer: UserPrincipal,
  slug: string,
  state: "open" | "all",
  now: Date = new Date(),
): Promise<DomainAccessLists> {
  const open = {
    OR: [
      { status: "requested" as const },
      { status: "approved" as const, OR: [{ endsAt: null }, { endsAt: { gt: now } }] },
    ],
  };
  const rows = await db.accessGrant.findMany({
    where: {
      OR: [{ consumer: slug }, { product: { domain: slug } }],
      ...(state === "open" ? open : {}),
    },
    include: { product: { select: { domain: true, name: true } } },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
  });
  const visible = rows.filter((row) => canReadAccessRequest(viewer, row));
  const view = (row: (typeof rows)[number]) => accessRequestView(row, row.product, now);
  return {
    domain: slug,
    consumes: visible.filter((row) => row.consumer === slug).map(view),
    consumedBy: visible
      .filter((row) => row.product.domain === slug && row.consumer !== slug)
      .map(view),
  };
}

function requireStatus(grant: AccessGrantResource, status: string, doing: string): void {
  if (grant.status !== status)
    throw new ConflictError(`access request ${grant.id} is ${grant.status}: it cannot be ${doing}`);
}

/**
 * An approval in the approver's capacity (owner, or platform admin for restricted products).
 * The request becomes a grant once its classification's approvals are all there; its end date
 * must still be ahead, and the product still classified as it was when asked.
 */
export async function approveAccess(
  db: Db,
  user: UserPrincipal,
  grant: AccessGrantResource,
  reason: string,
  audit: Audit,
  now: Date = new Date(),
): Promise<AccessRequestView> {
  requireStatus(grant, "requested", "approved");
  const { product } = grant;
  if (grant.classification !== product.classification)
    throw new ConflictError(
      `the product was reclassified ${product.classification} since this ${grant.classification} request: deny it and ask again`,
    );
  if (grant.endsAt !== null && grant.endsAt.getTime() <= now.getTime())
    throw new ConflictError(`the request's end date ${grant.endsAt.toISOString()} has passed`);
  const recorded = storedApprovals(grant);
  if (recorded.some((approval) => approval.by === user.userId))
    throw new ConflictError("you have approved this request already: another person must");
  const role = approverRoleFor(user, grant, recorded);
  if (role === undefined) throw new ForbiddenError("you may not approve this request");
  if (recorded.some((approval) => approval.role === role))
    throw new ConflictError(
      `a ${role === "owner" ? "product owner" : "platform admin"} approved already; it needs ${approvalState(grant.classification, recorded).missing.join(" and ")}`,
    );
  const approvals = [...recorded, { by: user.userId, role, at: now.toISOString(), reason }];
  const state = approvalState(grant.classification, approvals);
  const row = await db.accessGrant.update({
    where: { id: grant.id, status: "requested" },
    data: {
      approvals,
      ...(state.approved ? { status: "approved", decidedAt: now } : {}),
    },
  });
  await audit({
    action: state.approved ? "access-grant.approved" : "access-grant.approval-recorded",
    entityType: "access-grant",
    entityId: grant.id,
    before: audited(grant, product, now),
    after: audited(row, product, now),
  });
  const ref = `${product.domain}/${product.name}`;
  await notify(
    db,
    {
      kind: state.approved ? "access.approved" : "access.requested",
      title: state.approved
        ? `${grant.consumer} may read ${ref}`
        : `${grant.consumer}'s request for ${ref} needs ${state.missing.join(" and ")}`,
      body: reason,
      link: link(product),
      payload: { product: ref, consumer: grant.consumer, accessRequest: grant.id, role },
      to: state.approved
        ? { domainMembers: [grant.consumer, product.domain], except: user.userId }
        : { platformAdmins: true, except: user.userId },
      webhookDomains: state.approved ? [product.domain, grant.consumer] : [],
    },
    now,
  );
  const view = accessRequestView(row, product, now);
  if (!state.approved) return view;
  return withGrantUp(db, product, user, view);
}

/** Refuses an open request, with a reason. */
export async function denyAccess(
  db: Db,
  user: UserPrincipal,
  grant: AccessGrantResource,
  reason: string,
  audit: Audit,
  now: Date = new Date(),
): Promise<AccessRequestView> {
  requireStatus(grant, "requested", "denied");
  return endGrant(db, user, grant, "denied", reason, audit, now);
}

/** Ends an approved grant at once (an expired one too, which the catalog already refuses). */
export async function revokeAccess(
  db: Db,
  user: UserPrincipal,
  grant: AccessGrantResource,
  reason: string,
  audit: Audit,
  now: Date = new Date(),
): Promise<AccessRequestView> {
  requireStatus(grant, "approved", "revoked");
  const view = await endGrant(db, user, grant, "revoked", reason, audit, now);
  return withGrantUp(db, grant.product, user, view);
}

/**
 * Queues the `up` that provisions the product's grants as they now stand, and records it on the
 * grant (its progress shows on the product page) and in the view. None queued (a local product,
 * one not live): the grant names no deployment, not an earlier decision's.
 */
async function withGrantUp(
  db: Db,
  product: Parameters<typeof queueGrantUp>[1],
  user: UserPrincipal,
  view: AccessRequestView,
): Promise<AccessRequestView> {
  const deploymentId = await queueGrantUp(db, product, user.userId);
  if (deploymentId !== undefined || view.deploymentId !== undefined) {
    await db.accessGrant.update({
      where: { id: view.id },
      data: { deploymentId: deploymentId ?? null },
    });
  }
  const { deploymentId: _earlier, ...rest } = view;
  return deploymentId === undefined ? rest : { ...rest, deploymentId };
}

async function endGrant(
  db: Db,
  user: UserPrincipal,
  grant: AccessGrantResource,
  status: "denied" | "revoked",
  reason: string,
  audit: Audit,
  now: Date,
): Promise<AccessRequestView> {
  const { product } = grant;
  const row = await db.accessGrant.update({
    where: { id: grant.id, status: grant.status as "requested" | "approved" },
    data: { status, reason, decidedAt: now },
  });
  await audit({
    action: `access-grant.${status}`,
    entityType: "access-grant",
    entityId: grant.id,
    before: audited(grant, product, now),
    after: audited(row, product, now),
  });
  const ref = `${product.domain}/${product.name}`;
  await notify(
    db,
    {
      kind: status === "denied" ? "access.denied" : "access.revoked",
      title: `${grant.consumer}'s ${status === "denied" ? "request for" : "access to"} ${ref} was ${status}`,
      body: reason,
      link: link(product),
      payload: { product: ref, consumer: grant.consumer, accessRequest: grant.id, status },
      to: { domainMembers: [grant.consumer, product.domain], except: user.userId },
      webhookDomains: [product.domain, grant.consumer],
    },
    now,
  );
  return accessRequestView(row, product, now);
}

// ─── What the pages show (the product page's access section, the domain page) ────────────────

function offeredActions(
  viewer: UserPrincipal,
  view: AccessRequestView,
  productDomain: string,
): AccessAction[] {
  const grant = {
    consumer: view.consumer,
    classification: view.classification,
    product: { domain: productDomain },
  };
  const actions: AccessAction[] = [];
  if (view.status === "requested") {
    const role = approverRoleFor(viewer, grant, view.approvals);
    const approvedAlready = view.approvals.some(
      (approval) => approval.by === viewer.userId || approval.role === role,
    );
    if (role !== undefined && !approvedAlready) actions.push("approve");
    if (canDenyAccess(viewer, grant)) actions.push("deny");
  }
  if (view.status === "approved" || view.status === "expired") {
    if (canRevokeAccess(viewer, grant)) actions.push("revoke");
  }
  return actions;
}

/**
 * The progress of the rows' last `up`s: whoever may see a request sees how far provisioning it
 * got (status and resource counts; the deployment's page, log and outputs stay the platform
 * team's, authz.ts `canRunDeployments`).
 */
async function withProvisioning(db: Db, rows: AccessRow[]): Promise<AccessRow[]> {
  const ids = rows.flatMap((row) => (row.deploymentId === undefined ? [] : [row.deploymentId]));
  if (ids.length === 0) return rows;
  const deployments = await db.deployment.findMany({
    where: { id: { in: ids } },
    select: { id: true, status: true, resourcesDone: true, resourcesPlanned: true },
  });
  const byId = new Map(deployments.map((deployment) => [deployment.id, deployment]));
  return rows.map((row) => {
    const deployment = row.deploymentId === undefined ? undefined : byId.get(row.deploymentId);
    return deployment === undefined
      ? row
      : {
          ...row,
          provisioning: {
            deploymentId: deployment.id,
            status: deployment.status,
            resourcesDone: deployment.resourcesDone,
            resourcesPlanned: deployment.resourcesPlanned,
          },
        };
  });
}

async function peopleNames(db: Db, views: readonly AccessRequestView[]): Promise<PeopleNames> {
  const ids = new Set(views.flatMap((v) => [v.requestedBy, ...v.approvals.map((a) => a.by)]));
  if (ids.size === 0) return {};
  const users = await db.user.findMany({
    where: { id: { in: [...ids] } },
    select: { id: true, name: true, email: true },
  });
  return Object.fromEntries(users.map((u) => [u.id, `${u.name} <${u.email}>`]));
}

/** The product page's access section: the requests the viewer sees, and where they may ask. */
export async function productAccess(
  db: Db,
  viewer: UserPrincipal,
  product: AccessProduct,
  now: Date = new Date(),
): Promise<ProductAccessView> {
  const { items } = await listAccessRequests(db, viewer, product, now);
  return {
    items: await withProvisioning(
      db,
      items.map((view) => ({ ...view, actions: offeredActions(viewer, view, product.domain) })),
    ),
    requestableDomains: memberDomains(viewer).filter((domain) =>
      canRequestAccess(viewer, domain, product),
    ),
    people: await peopleNames(db, items),
  };
}

/**
 * The domain page: `domainAccess` with every state but denied (a denied request grants nothing
 * and is on the product page), each row with the decisions the viewer is offered.
 */
export async function domainAccessPage(
  db: Db,
  viewer: UserPrincipal,
  slug: string,
  now: Date = new Date(),
): Promise<DomainAccessView> {
  const lists = await domainAccess(db, viewer, slug, "all", now);
  const rows = (views: AccessRequestView[]): Promise<AccessRow[]> =>
    withProvisioning(
      db,
      views
        .filter((view) => view.status !== "denied")
        .map((view) => ({
          ...view,
          actions: offeredActions(viewer, view, productDomainOf(view)),
        })),
    );
  const consumes = await rows(lists.consumes);
  const consumedBy = await rows(lists.consumedBy);
  return { consumes, consumedBy, people: await peopleNames(db, [...consumes, ...consumedBy]) };
}

/** The domain of a view's product, from its `domain/name` reference. */
function productDomainOf(view: AccessRequestView): string {
  return view.product.slice(0, view.product.indexOf("/"));
}
