import "server-only";
/**
 * Domains and their membership; owners (and platform admins) manage who belongs, as the routes
 * authorize (authz.ts `canManageMembers`) before these run.
 */
import type { Db } from "#db/client";
import type { Audit } from "#workflow/audit";
import type { DomainDetail, DomainSummary } from "../shared/api-schemas";
import { canManageMembers, isOwner, type DomainRole, type UserPrincipal } from "./authz";
import { ConflictError, NotFoundError } from "./problems";

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
