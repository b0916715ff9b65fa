import "server-only";
/**
 * Domains and their membership; owners (and platform admins) manage who belongs, as the routes
 * authorize (authz.ts `canManageMembers`) before these run.
 */
import type { Db } from "#db/client";
import type { Audit } from "#workflow/audit";
import { OPEN_STATUSES } from "#core/request-lifecycle";
import type { DomainDetail, DomainSummary } from "../shared/api-schemas";
import { canManageMembers, isOwner, type DomainRole, type UserPrincipal } from "./authz";
import { ConflictError, NotFoundError, ValidationError } from "./problems";

const USER = { user: { select: { id: true, name: true, email: true } } } as const;

export async function listDomains(client: Db): Promise<DomainSummary[]> {
  const [domains, productCounts] = await Promise.all([
    client.domain.findMany({
      orderBy: { slug: "asc" },
      include: {
        _count: { select: { memberships: true } },
        memberships: {
          where: { role: "owner" },
          include: USER,
          orderBy: { user: { name: "asc" } },
        },
      },
    }),
    client.dataProduct.groupBy({
      by: ["domain"],
      where: { status: "live" },
      _count: { _all: true },
    }),
  ]);
  const products = new Map(productCounts.map((row) => [row.domain, row._count._all]));
  return domains.map((domain) => ({
    slug: domain.slug,
    name: domain.name,
    description: domain.description,
    memberCount: domain._count.memberships,
    productCount: products.get(domain.slug) ?? 0,
    owners: domain.memberships.map((membership) => membership.user),
    archived: domain.archivedAt !== null,
  }));
}

async function findDomain(client: Db, slug: string) {
  return client.domain.findUnique({
    where: { slug },
    include: {
      memberships: {
        include: USER,
        orderBy: [{ role: "desc" }, { user: { name: "asc" } }],
      },
    },
  });
}

export async function getDomainOrThrow(
  client: Db,
  user: UserPrincipal,
  slug: string,
): Promise<DomainDetail> {
  const domain = await findDomain(client, slug);
  if (domain === null) throw new NotFoundError(`no domain ${slug}`);
  const productCount = await client.dataProduct.count({ where: { domain: slug, status: "live" } });
  return {
    slug: domain.slug,
    name: domain.name,
    description: domain.description,
    memberCount: domain.memberships.length,
    productCount,
    owners: domain.memberships
      .filter((membership) => membership.role === "owner")
      .map((membership) => membership.user),
    archived: domain.archivedAt !== null,
    mailboxes: domain.mailboxes,
    members: domain.memberships.map((membership) => ({
      user: membership.user,
      role: membership.role,
    })),
    canManageMembers: canManageMembers(user, slug),
  };
}

export async function domainOrThrow(client: Db, slug: string) {
  const domain = await client.domain.findUnique({ where: { slug } });
  if (domain === null) throw new NotFoundError(`no domain ${slug}`);
  return domain;
}

/**
 * Adds a member, or changes the role of an existing one. A platform admin who is no owner of the
 * domain acts with admin rights (e.g. adding herself): the audit entry says so.
 */
export async function setMember(
  client: Db,
  user: UserPrincipal,
  domain: { id: string; slug: string },
  member: { email: string; role: DomainRole },
  audit: Audit,
): Promise<DomainDetail> {
  const { slug } = domain;
  const target = await client.user.findUnique({ where: { email: member.email.toLowerCase() } });
  if (target === null) {
    throw new NotFoundError(
      `no user ${member.email}; they need to sign in once before they can be added`,
    );
  }
  const key = { domainId_userId: { domainId: domain.id, userId: target.id } };
  const before = await client.domainMembership.findUnique({ where: key });
  if (before?.role === "owner" && member.role !== "owner")
    await assertAnotherOwner(client, domain.id, target.id);
  await client.domainMembership.upsert({
    where: key,
    create: { domainId: domain.id, userId: target.id, role: member.role },
    update: { role: member.role },
  });
  await audit({
    action: before === null ? "domain.member-added" : "domain.member-role-changed",
    entityType: "domain",
    entityId: slug,
    before: before === null ? undefined : { userId: target.id, role: before.role },
    after: {
      userId: target.id,
      email: target.email,
      role: member.role,
      ...(isOwner(user, slug) ? {} : { byPlatformAdmin: true }),
    },
  });
  return getDomainOrThrow(client, user, slug);
}

export async function removeMember(
  client: Db,
  user: UserPrincipal,
  domain: { id: string; slug: string },
  userId: string,
  audit: Audit,
): Promise<DomainDetail> {
  const { slug } = domain;
  const key = { domainId_userId: { domainId: domain.id, userId } };
  const before = await client.domainMembership.findUnique({ where: key });
  if (before === null) throw new NotFoundError(`${userId} is not a member of ${slug}`);
  if (before.role === "owner") await assertAnotherOwner(client, domain.id, userId);
  await client.domainMembership.delete({ where: key });
  await audit({
    action: "domain.member-removed",
    entityType: "domain",
    entityId: slug,
    before: { userId, role: before.role },
  });
  return getDomainOrThrow(client, user, slug);
}

/** A domain always keeps an owner, or nobody could manage it any more. */
async function assertAnotherOwner(
  client: Db,
  domainId: string,
  leavingUserId: string,
): Promise<void> {
  const owners = await client.domainMembership.count({
    where: { domainId, role: "owner", userId: { not: leavingUserId } },
  });
  if (owners === 0)
    throw new ConflictError("a domain needs at least one owner; make someone else owner first");
}

/**
 * Creates a domain with its first owner (a platform admin's step: authz.ts `canAdministerDomains`).
 * The slug is fixed from then on: products, requests and keys are addressed by it.
 */
export async function createDomain(
  client: Db,
  user: UserPrincipal,
  body: { slug: string; name: string; description: string; owner: string },
  audit: Audit,
): Promise<DomainDetail> {
  const owner = await client.user.findUnique({ where: { email: body.owner.toLowerCase() } });
  if (owner === null)
    throw new ValidationError([
      {
        path: "owner",
        message: `no user ${body.owner}; they need to sign in once before they can own a domain`,
      },
    ]);
  const existing = await client.domain.findUnique({ where: { slug: body.slug } });
  if (existing !== null) throw new ConflictError(`domain ${body.slug} already exists`);
  const domain = await client.domain.create({
    data: {
      slug: body.slug,
      name: body.name,
      description: body.description,
      memberships: { create: { userId: owner.id, role: "owner" } },
    },
  });
  await audit({
    action: "domain.created",
    entityType: "domain",
    entityId: domain.slug,
    after: {
      slug: domain.slug,
      name: domain.name,
      description: domain.description,
      owner: owner.email,
    },
  });
  return getDomainOrThrow(client, user, domain.slug);
}

/** Statuses of products that still hold resources: a domain with any is not archived. */
const PRODUCT_STATUSES_IN_SERVICE = ["live", "deploying", "failed"] as const;

/**
 * Renames, describes, archives or restores a domain (platform admins). Archiving is refused while
 * the domain has products in service or open requests: decommission or withdraw them first.
 */
export async function updateDomain(
  client: Db,
  user: UserPrincipal,
  domain: {
    id: string;
    slug: string;
    name: string;
    description: string;
    archivedAt: Date | null;
    mailboxes: string[];
  },
  body: {
    name?: string | undefined;
    description?: string | undefined;
    archived?: boolean | undefined;
    mailboxes?: string[] | undefined;
  },
  audit: Audit,
): Promise<DomainDetail> {
  const archiving = body.archived === true && domain.archivedAt === null;
  if (archiving) {
    const [products, requests] = await Promise.all([
      client.dataProduct.count({
        where: { domain: domain.slug, status: { in: [...PRODUCT_STATUSES_IN_SERVICE] } },
      }),
      client.productRequest.count({
        where: { domain: domain.slug, status: { in: [...OPEN_STATUSES] } },
      }),
    ]);
    if (products > 0 || requests > 0)
      throw new ConflictError(
        `domain ${domain.slug} has ${products} product(s) in service and ${requests} open request(s); decommission or withdraw them before archiving it`,
      );
  }
  const archivedAt =
    body.archived === undefined
      ? domain.archivedAt
      : body.archived
        ? (domain.archivedAt ?? new Date())
        : null;
  const updated = await client.domain.update({
    where: { id: domain.id },
    data: {
      ...(body.name === undefined ? {} : { name: body.name }),
      ...(body.description === undefined ? {} : { description: body.description }),
      ...(body.mailboxes === undefined ? {} : { mailboxes: body.mailboxes }),
      archivedAt,
    },
  });
  const summary = (d: typeof updated | typeof domain) => ({
    name: d.name,
    description: d.description,
    archived: d.archivedAt !== null,
    mailboxes: d.mailboxes,
  });
  await audit({
    action: "domain.updated",
    entityType: "domain",
    entityId: domain.slug,
    before: summary(domain),
    after: summary(updated),
  });
  return getDomainOrThrow(client, user, domain.slug);
}

/** Of `slugs`, the domains that take new requests (not archived), in the same order. */
export async function openDomains(client: Db, slugs: readonly string[]): Promise<string[]> {
  const archived = await client.domain.findMany({
    where: { slug: { in: [...slugs] }, archivedAt: { not: null } },
    select: { slug: true },
  });
  const closed = new Set(archived.map((domain) => domain.slug));
  return slugs.filter((slug) => !closed.has(slug));
}

/** 409 when new requests may not be filed in the domain (it is archived). */
export async function assertDomainOpen(client: Db, slug: string): Promise<void> {
  const domain = await client.domain.findUnique({ where: { slug }, select: { archivedAt: true } });
  if (domain?.archivedAt != null)
    throw new ConflictError(`domain ${slug} is archived: it takes no new requests`);
}

/**
 * 422 for each owner email of a spec that is neither a member of the spec's domain nor one of the
 * team mailboxes the domain registered: a product's owners are its domain's people or addresses.
 */
export async function assertOwnersAreMembers(
  client: Db,
  domain: string,
  emails: readonly string[],
): Promise<void> {
  if (emails.length === 0) return;
  const lower = emails.map((email) => email.toLowerCase());
  const [row, members] = await Promise.all([
    client.domain.findUnique({ where: { slug: domain }, select: { mailboxes: true } }),
    client.user.findMany({
      where: {
        email: { in: lower },
        memberships: { some: { domain: { slug: domain } } },
      },
      select: { email: true },
    }),
  ]);
  const allowed = new Set([
    ...(row?.mailboxes ?? []).map((mailbox) => mailbox.toLowerCase()),
    ...members.map((member) => member.email.toLowerCase()),
  ]);
  const issues = emails.flatMap((email, index) =>
    allowed.has(email.toLowerCase())
      ? []
      : [
          {
            path: `spec.owners.emails[${index}]`,
            message:
              `${email} is neither a member of domain ${domain} nor one of its team mailboxes; ` +
              "add them to the domain, or have a platform admin register the mailbox",
          },
        ],
  );
  if (issues.length > 0)
    throw new ValidationError(
      issues,
      "every owner must be a member or a registered team mailbox of the product's domain",
    );
}
