/**
 * Every authorization rule of the portal, as pure functions of who is asking and what they touch.
 * Route handlers and pages call these; nothing else decides access. Pure (no I/O, no "server-only")
 * so the rules are unit-tested as a table and pages can hide what a user may not do.
 *
 * Roles: a user is a `member` or `owner` of each of their domains (owners are members too), and
 * may be a `platform-admin`. The catalog writer is not a user: the Pulumi components authenticate
 * with the platform token.
 */
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

export interface RequestRef {
  domain: string;
  status: RequestStatus;
}

export function domainRole(user: UserPrincipal, domain: string): DomainRole | undefined {
  return user.domainRoles.get(domain);
}

export function isMember(user: UserPrincipal, domain: string): boolean {
  return domainRole(user, domain) !== undefined;
}

export function isOwner(user: UserPrincipal, domain: string): boolean {
  return domainRole(user, domain) === "owner";
}

/** Domain members follow their requests; platform admins review every domain's. */
export function canReadRequest(user: UserPrincipal, request: Pick<RequestRef, "domain">): boolean {
  return user.platformAdmin || isMember(user, request.domain);
}

export function canCreateRequest(user: UserPrincipal, domain: string): boolean {
  return isMember(user, domain);
}

export function canEditRequest(user: UserPrincipal, request: RequestRef): boolean {
  return isMember(user, request.domain) && isEditable(request.status);
}

export function canComment(user: UserPrincipal, request: Pick<RequestRef, "domain">): boolean {
  return canReadRequest(user, request);
}

/**
 * Whether the user's role allows the action at all; whether the request's status allows it is the
 * state machine's answer (a 409, not a 403).
 */
export function canTakeAction(
  user: UserPrincipal,
  action: RequestAction,
  request: Pick<RequestRef, "domain">,
): boolean {
  switch (ACTION_ACTORS[action]) {
    case "domain":
      return isMember(user, request.domain);
    case "platform-admin":
      return user.platformAdmin;
    case "automation":
      return false;
  }
}

/**
 * Statuses of a product the catalog has published: live, or retired after being live. A product
 * that was requested but never went live (requested, deploying, failed) is its domain's business.
 */
export const PUBLISHED_PRODUCT_STATUSES = ["live", "decommissioned"] as const;

export function canReadProduct(
  user: UserPrincipal,
  product: { domain: string; status: string },
): boolean {
  return (
    (PUBLISHED_PRODUCT_STATUSES as readonly string[]).includes(product.status) ||
    user.platformAdmin ||
    isMember(user, product.domain)
  );
}

/** Published catalog entries are visible to everyone signed in. */
export function canReadCatalog(_user: UserPrincipal): boolean {
  return true;
}

export function canReadDomain(_user: UserPrincipal): boolean {
  return true;
}

/** Owners manage their domain's membership; platform admins can too, to bootstrap a domain. */
export function canManageMembers(user: UserPrincipal, domain: string): boolean {
  return user.platformAdmin || isOwner(user, domain);
}

export function canWriteCatalog(principal: Principal): boolean {
  return principal.kind === "platform" && principal.scopes.has("catalog:write");
}

export function canIngestLineage(principal: LineageKeyPrincipal): boolean {
  return principal.scopes.has("lineage:write");
}

/** Domain members issue and revoke their domain's API keys and webhooks; admins any domain's. */
export function canManageDomainIntegrations(user: UserPrincipal, domain: string): boolean {
  return user.platformAdmin || isMember(user, domain);
}

/**
 * Whether deployments can run (the worker's state, what it is doing, why it is down) is the
 * platform team's: they run deployments and can act on it.
 */
export function canReadWorkerStatus(user: UserPrincipal): boolean {
  return user.platformAdmin;
}

/** Lineage is metadata about published products: everyone signed in may read it. */
export function canReadLineage(_user: UserPrincipal): boolean {
  return true;
}
