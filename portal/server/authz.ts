/**
 * Every authorization rule of the portal, as pure functions of who is asking and what they touch.
 * Route handlers declare which of these they need (`withApi`'s `load` and `authorize`), pages call
 * them to show what a user may do, and lists take their scope from here: nothing else decides
 * access. Pure (no I/O, no "server-only") so the rules are unit-tested as a table.
 *
 * Roles: a user is a `member` or `owner` of each of their domains (owners are members too), and
 * may be a `platform-admin`. The catalog writer is not a user: the Pulumi components authenticate
 * with the platform token. A domain's API key writes lineage for its domain.
 */
import type { Classification } from "#contract";
import { GRANTED_CLASSIFICATIONS, grantAllowsRead, type CatalogGrant } from "#core/access";
import { isPublished, PUBLISHED_PRODUCT_STATUSES } from "#core/published";
import { isWithinLocation } from "#lib/iceberg/locations";
import {
  ACTION_ACTORS,
  isEditable,
  type RequestAction,
  type RequestStatus,
} from "#core/request-lifecycle";

export type DomainRole = "member" | "owner";

export interface UserPrincipal {
  kind: "user";
  userId: string;
  email: string;
  name: string;
  platformAdmin: boolean;
  /** Role per domain slug. */
  domainRoles: ReadonlyMap<string, DomainRole>;
}

export const PLATFORM_SCOPES = ["catalog:write"] as const;
export type PlatformScope = (typeof PLATFORM_SCOPES)[number];

export interface PlatformPrincipal {
  kind: "platform";
  scopes: ReadonlySet<PlatformScope>;
}

/** A domain's API key: posts OpenLineage events and probe results for that domain. */
export interface LineageKeyPrincipal {
  kind: "lineage-key";
  keyId: string;
  domain: string;
  scopes: ReadonlySet<string>;
}

export type Principal = UserPrincipal | PlatformPrincipal | LineageKeyPrincipal;

// ─── Scopes: what a list may show ────────────────────────────────────────────────────────────

/** Every domain, or these domains. */
export type DomainScope = "all" | readonly string[];

export function inScope(scope: DomainScope, domain: string): boolean {
  return scope === "all" || scope.includes(domain);
}

/** The domains the user belongs to, whatever their role: "my domains". */
export function memberDomains(user: UserPrincipal): string[] {
  return [...user.domainRoles.keys()].sort();
}

/** Requests a user may see: their domains' (every domain's for platform admins). */
export function requestScope(user: UserPrincipal): DomainScope {
  return user.platformAdmin ? "all" : memberDomains(user);
}

/** Published products (core/published.ts) are everyone's to see; the others their domain's. */
export { PUBLISHED_PRODUCT_STATUSES };

/** Products a user may see: every published one, and the unpublished ones of `unpublished`. */
export interface ProductScope {
  unpublished: DomainScope;
}

export function productScope(user: UserPrincipal): ProductScope {
  return { unpublished: requestScope(user) };
}

/** A domain's API key sees what everyone does, and its own domain's unpublished products. */
export function lineageKeyScope(key: LineageKeyPrincipal): ProductScope {
  return { unpublished: [key.domain] };
}

export function productInScope(
  scope: ProductScope,
  product: { domain: string; status: string },
): boolean {
  return isPublished(product.status) || inScope(scope.unpublished, product.domain);
}

// ─── Requests ────────────────────────────────────────────────────────────────────────────────

function domainRole(user: UserPrincipal, domain: string): DomainRole | undefined {
  return user.domainRoles.get(domain);
}

function isMember(user: UserPrincipal, domain: string): boolean {
  return domainRole(user, domain) !== undefined;
}

export function isOwner(user: UserPrincipal, domain: string): boolean {
  return domainRole(user, domain) === "owner";
}

/** A request as the rules see it: its domain and status. */
export interface RequestRef {
  domain: string;
  status: RequestStatus;
}

/** A request under review: who wrote its content (the requester and everyone who edited it). */
export interface ReviewedRequest {
  domain: string;
  authorIds: readonly string[];
}

/**
 * Four eyes: whether an approver must be someone other than the request's authors. On by default
 * in production; a one-person development set-up relaxes it (MESHPLANE_FOUR_EYES, config/).
 */
export interface ReviewPolicy {
  fourEyes: boolean;
}

/** Domain members follow their requests; platform admins review every domain's. */
export function canReadRequest(user: UserPrincipal, request: Pick<RequestRef, "domain">): boolean {
  return inScope(requestScope(user), request.domain);
}

export function canCreateRequest(user: UserPrincipal, domain: string): boolean {
  return isMember(user, domain);
}

/** Where the user may file requests (the request form's domain choices). */
export function requestDomains(user: UserPrincipal): string[] {
  return memberDomains(user).filter((domain) => canCreateRequest(user, domain));
}

/**
 * Who may change a request's draft: its domain's members. Whether the status still allows it is
 * the state machine's answer (a 409, not a 403).
 */
export function canEditDrafts(user: UserPrincipal, request: Pick<RequestRef, "domain">): boolean {
  return isMember(user, request.domain);
}

/** Whether the user may edit this request now (the pages' "Edit draft"). */
export function canEditRequest(user: UserPrincipal, request: RequestRef): boolean {
  return canEditDrafts(user, request) && isEditable(request.status);
}

export function canComment(user: UserPrincipal, request: Pick<RequestRef, "domain">): boolean {
  return canReadRequest(user, request);
}

/** Whether the user reviews requests at all (the review queue). */
export function canReviewRequests(user: UserPrincipal): boolean {
  return user.platformAdmin;
}

/** Whether the user wrote the request's content: filed it or edited its spec. */
function isAuthor(user: UserPrincipal, request: Pick<ReviewedRequest, "authorIds">): boolean {
  return request.authorIds.includes(user.userId);
}

/**
 * Whether the user's role allows the action at all; whether the request's status allows it is the
 * state machine's answer (a 409, not a 403). Under four eyes nobody approves what they wrote,
 * however many roles they hold: an admin who joined the domain and filed or edited the request
 * needs another admin's approval.
 */
export function canTakeAction(
  user: UserPrincipal,
  action: RequestAction,
  request: ReviewedRequest,
  policy: ReviewPolicy,
): boolean {
  if (action === "approve" && policy.fourEyes && isAuthor(user, request)) return false;
  switch (ACTION_ACTORS[action]) {
    case "domain":
      return isMember(user, request.domain);
    case "platform-admin":
      return canReviewRequests(user);
    case "automation":
      return false;
  }
}

// ─── Deployments and the audit log ───────────────────────────────────────────────────────────

/** Deployments, their logs and outputs are the platform team's. */
export function canRunDeployments(user: UserPrincipal): boolean {
  return user.platformAdmin;
}

export function canReadAuditLog(user: UserPrincipal): boolean {
  return user.platformAdmin;
}

// ─── Products, the catalog and domains ───────────────────────────────────────────────────────

export function canReadProduct(
  user: UserPrincipal,
  product: { domain: string; status: string },
): boolean {
  return productInScope(productScope(user), product);
}

/** Published catalog entries are visible to everyone signed in. */
export function canReadCatalog(_user: UserPrincipal): boolean {
  return true;
}

export function canWriteCatalog(principal: Principal): boolean {
  return principal.kind === "platform" && principal.scopes.has("catalog:write");
}

export function canReadDomain(_user: UserPrincipal): boolean {
  return true;
}

/** The live mesh as Backstage entities: published products, which every signed-in user sees. */
export function canReadBackstageEntities(_user: UserPrincipal): boolean {
  return true;
}

/** Platform admins create, rename, archive and restore domains. */
export function canAdministerDomains(user: UserPrincipal): boolean {
  return user.platformAdmin;
}

/** Owners manage their domain's membership; platform admins can too, to bootstrap a domain. */
export function canManageMembers(user: UserPrincipal, domain: string): boolean {
  return user.platformAdmin || isOwner(user, domain);
}

/** Domain members issue and revoke their domain's API keys and webhooks; admins any domain's. */
export function canManageDomainIntegrations(user: UserPrincipal, domain: string): boolean {
  return user.platformAdmin || isMember(user, domain);
}

// ─── Lineage and SLAs ────────────────────────────────────────────────────────────────────────

/**
 * The lineage graph of datasets and jobs is metadata everyone signed in may read; what it says
 * about a product follows the product's visibility (`canReadProduct`).
 */
export function canReadLineage(_user: UserPrincipal): boolean {
  return true;
}

export function canIngestLineage(principal: LineageKeyPrincipal): boolean {
  return principal.scopes.has("lineage:write");
}

/**
 * Whether what a key of `writerDomain` reports counts for the product: its writes, quality facets
 * and probe results move the product's SLA and observed inputs only when the product is the
 * writer's domain's own. Anyone may read another domain's datasets (inputs stay edges of the
 * graph); a write from elsewhere is kept and shown to the owner as foreign, never applied. A
 * writer of no known domain (its key deleted) counts for nobody.
 */
export function countsForProduct(
  writerDomain: string | null,
  product: { domain: string },
): boolean {
  return writerDomain !== null && writerDomain === product.domain;
}

/**
 * `countsForProduct` in SQL, for the set-based statements that measure SLAs and observed inputs:
 * true when `productDomain` (a column) is among `writerDomains` (an array expression, e.g.
 * `ARRAY[v.writer_domain]`); null, never true, for an unknown writer.
 */
export function countsForProductSql(writerDomains: string, productDomain: string): string {
  return `${productDomain} = ANY(${writerDomains})`;
}

/**
 * Who may describe a lineage node (merge facets into it: a dataset's schema, documentation,
 * ownership; a job's SQL and source code): a dataset linked to a product only the product's own
 * domain (`countsForProduct`), a job only the domain that first reported it; a dataset linked to
 * nothing, or a job of no known domain, anyone; the platform itself (events of no key: the
 * Iceberg catalog's DatasetEvents about the tables it serves) anything. In SQL over a
 * lineage_nodes alias (`node`) and the writer's domain (a text expression, null for the platform).
 */
export function mayDescribeNodeSql(writerDomain: string, node: string): string {
  const writers = `ARRAY[${writerDomain}]::text[]`;
  const linkedElsewhere = `EXISTS (SELECT 1 FROM dataset_product_links l
      JOIN data_products p ON p.id = l.product_id
      WHERE l.dataset_id = ${node}.id AND (${countsForProductSql(writers, "p.domain")}) IS NOT TRUE)`;
  const jobElsewhere = `(${node}.domain IS NOT NULL AND (${node}.domain = ANY(${writers})) IS NOT TRUE)`;
  // CASE: a job never reads the links, a dataset never its first reporter.
  const elsewhere = `CASE WHEN ${node}.kind = 'job' THEN ${jobElsewhere} ELSE ${linkedElsewhere} END`;
  return `(${writerDomain} IS NULL OR NOT (${elsewhere}))`;
}

/** Probe results, like lineage writes, are the product's own domain's to report. */
export function canRecordProbe(key: LineageKeyPrincipal, product: { domain: string }): boolean {
  return canIngestLineage(key) && countsForProduct(key.domain, product);
}

/** Who a dataset belongs to now: its current link's product, or the product its name matches. */
export interface DatasetOwnership {
  /** The product the dataset is linked to (manually or automatically), if any. */
  linked: { domain: string } | null;
  /** The product whose deployed outputs the dataset's name matches, if any. */
  matched: { domain: string } | null;
}

function mayActFor(user: UserPrincipal, product: { domain: string } | null): boolean {
  return product === null || isMember(user, product.domain);
}

/**
 * A manual link points a dataset at one of the user's domain's products. It may replace a link
 * only of the user's domain (or claim a dataset whose name matches no other domain's product), so
 * no domain takes another's dataset over; platform admins may relink anything.
 */
export function canLinkDataset(
  user: UserPrincipal,
  target: { domain: string },
  dataset: DatasetOwnership,
): boolean {
  if (user.platformAdmin) return true;
  const current = dataset.linked ?? dataset.matched;
  return isMember(user, target.domain) && mayActFor(user, current);
}

/**
 * Unlinking is for the domain the dataset is linked to, and for the domain whose product its name
 * matches (whose dataset another domain may have linked away before this rule existed).
 */
export function canUnlinkDataset(user: UserPrincipal, dataset: DatasetOwnership): boolean {
  if (user.platformAdmin) return true;
  const owners = [dataset.linked, dataset.matched].filter((product) => product !== null);
  return owners.length === 0 || owners.some((product) => isMember(user, product.domain));
}

/**
 * Whether deployments can run (the worker's state, what it is doing, why it is down) is the
 * platform team's: they run deployments and can act on it.
 */
export function canReadWorkerStatus(user: UserPrincipal): boolean {
  return user.platformAdmin;
}

// ─── Consumers and notifications ─────────────────────────────────────────────────────────────

/**
 * Who consumes a product is shown to whoever may see the product; the consumers listed are those
 * the viewer may see (`productInScope`), like every other list.
 */
export function canReadConsumers(
  user: UserPrincipal,
  product: { domain: string; status: string },
): boolean {
  return canReadProduct(user, product);
}

/** Everyone signed in has an inbox; it holds only their own notifications. */
export function canReadOwnInbox(_user: UserPrincipal): boolean {
  return true;
}

/** A notification is its recipient's alone to mark read. */
export function canMarkNotificationRead(
  user: UserPrincipal,
  notification: { userId: string },
): boolean {
  return notification.userId === user.userId;
}

// ─── Access requests and grants (docs/access.md) ─────────────────────────────────────────────

/** A product as the access rules see it. */
export interface AccessProductRef {
  domain: string;
  status: string;
  classification: string;
}

/**
 * A member of the consuming domain asks, on behalf of that domain, for read access to a product
 * they can see of another domain; not to a decommissioned one.
 */
export function canRequestAccess(
  user: UserPrincipal,
  consumer: string,
  product: AccessProductRef,
): boolean {
  return (
    isMember(user, consumer) &&
    consumer !== product.domain &&
    product.status !== "decommissioned" &&
    canReadProduct(user, product)
  );
}

/**
 * Whose access requests on a product a user sees: every one for the product's owners and
 * platform admins, otherwise only those of the user's own domains (the requesting domain's).
 */
export function accessRequestScope(user: UserPrincipal, product: { domain: string }): DomainScope {
  return user.platformAdmin || isOwner(user, product.domain) ? "all" : memberDomains(user);
}

/**
 * A domain's access overview (what it consumes, who consumes its products): its members and
 * platform admins; each row there is still one `canReadAccessRequest` allows.
 */
export function canReadDomainAccess(user: UserPrincipal, domain: { slug: string }): boolean {
  return user.platformAdmin || isMember(user, domain.slug);
}

/** Listing a product's access requests: whoever may see the product, scoped as above. */
export function canListAccessRequests(
  user: UserPrincipal,
  product: { domain: string; status: string },
): boolean {
  return canReadProduct(user, product);
}

/** A single request is seen by the product's owners, admins and the requesting domain. */
export function canReadAccessRequest(
  user: UserPrincipal,
  grant: { consumer: string; product: { domain: string } },
): boolean {
  return inScope(accessRequestScope(user, grant.product), grant.consumer);
}

/**
 * The capacity a user approves in, given the approvals already recorded: the product's owner, or
 * a platform admin where the classification asks for one (restricted); undefined: may not approve.
 * Someone who is both fills the role still missing.
 */
export function approverRoleFor(
  user: UserPrincipal,
  grant: { classification: string; product: { domain: string } },
  recorded: readonly { role: string }[],
): "owner" | "platform-admin" | undefined {
  const owner = isOwner(user, grant.product.domain);
  const admin = user.platformAdmin && grant.classification === "restricted";
  const ownerMissing = !recorded.some((approval) => approval.role === "owner");
  if (owner && (ownerMissing || !admin)) return "owner";
  if (admin) return "platform-admin";
  return undefined;
}

/** Approving: an owner of the product's domain, or a platform admin for a restricted product. */
export function canApproveAccess(
  user: UserPrincipal,
  grant: { classification: string; product: { domain: string } },
): boolean {
  return approverRoleFor(user, grant, []) !== undefined;
}

/** Denying a request: the product's owners and platform admins. */
export function canDenyAccess(
  user: UserPrincipal,
  grant: { product: { domain: string } },
): boolean {
  return user.platformAdmin || isOwner(user, grant.product.domain);
}

/**
 * Revoking a grant: the product's owners and platform admins at any time; the consuming domain's
 * members may give up their own domain's access.
 */
export function canRevokeAccess(
  user: UserPrincipal,
  grant: { consumer: string; product: { domain: string } },
): boolean {
  return canDenyAccess(user, grant) || isMember(user, grant.consumer);
}

// ─── The Iceberg REST catalog (docs/iceberg.md) ─────────────────────────────────────────────

/**
 * Who calls the Iceberg REST catalog: a domain API key (or an OAuth token standing for one), the
 * platform token, or a signed-in user (session cookie).
 */
export type CatalogPrincipal = UserPrincipal | PlatformPrincipal | LineageKeyPrincipal;

/** A product as the catalog rules see it. */
export interface CatalogTableRef {
  domain: string;
  name: string;
  status: string;
  classification: string;
}

/** Whether the caller acts for the product's own domain (admins and the platform act for all). */
function actsForDomain(principal: CatalogPrincipal, domain: string): boolean {
  switch (principal.kind) {
    case "platform":
      return principal.scopes.has("catalog:write");
    case "lineage-key":
      return principal.domain === domain;
    case "user":
      return principal.platformAdmin || isMember(principal, domain);
  }
}

/** Products whose tables the caller may list: the published ones, and its domain's others. */
export function catalogProductScope(principal: CatalogPrincipal): ProductScope {
  switch (principal.kind) {
    case "platform":
      return { unpublished: "all" };
    case "lineage-key":
      return lineageKeyScope(principal);
    case "user":
      return productScope(principal);
  }
}

/** Namespaces are the domains: every caller of the catalog may list and load them. */
export function mayReadNamespaces(_principal: CatalogPrincipal): boolean {
  return true;
}

/** The domains a catalog caller reads for: a key's domain, a user's domains; the platform none. */
function readerDomains(principal: CatalogPrincipal): string[] {
  switch (principal.kind) {
    case "platform":
      return [];
    case "lineage-key":
      return [principal.domain];
    case "user":
      return memberDomains(principal);
  }
}

/**
 * Whether the caller may list and load the product's table: whoever may see the product
 * (published to all, unpublished to its domain); a confidential or restricted product only its
 * own domain, and a domain holding an approved, unrevoked, unexpired grant on it (core/access.ts
 * `grantAllowsRead`, over the product's stored grants).
 */
export function mayReadTable(
  principal: CatalogPrincipal,
  product: CatalogTableRef,
  grants: readonly CatalogGrant[],
  now: Date,
): boolean {
  if (!productInScope(catalogProductScope(principal), product)) return false;
  if (actsForDomain(principal, product.domain)) return true;
  if (!(GRANTED_CLASSIFICATIONS as readonly string[]).includes(product.classification)) return true;
  const target = {
    ref: `${product.domain}/${product.name}`,
    classification: product.classification as Classification,
  };
  return readerDomains(principal).some((domain) => grantAllowsRead(grants, domain, target, now));
}

/**
 * Whether the caller may create, register or commit the product's table: its own domain (its
 * API keys and members), platform admins and the platform token; never a decommissioned product.
 */
export function mayCommitTable(principal: CatalogPrincipal, product: CatalogTableRef): boolean {
  return product.status !== "decommissioned" && actsForDomain(principal, product.domain);
}

/**
 * Whether a product's table may live at, or read its metadata from, `location`: only under the
 * product's own storage (`storageRoot`, its deployment's `storageUri`; none before it is
 * deployed). For everyone, the platform included: the catalog reads and writes these files with
 * its own credentials, so a location elsewhere would read or write another product's files (or
 * any file the portal can reach) on the caller's behalf.
 */
export function mayUseTableLocation(storageRoot: string | undefined, location: string): boolean {
  return storageRoot !== undefined && isWithinLocation(storageRoot, location);
}

/**
 * Nobody drops a product's table through the catalog: it goes with the product's decommission
 * request (reviewed, audited), which keeps the data as every data store does.
 */
export function mayDropTable(_principal: CatalogPrincipal): boolean {
  return false;
}
