import { afterEach, describe, expect, it } from "vitest";
import { DataProductSpec } from "#contract";
import { SEED_DOMAINS, SEED_USERS, seed } from "#db";
import { DATABASE_TARGETS, freshDatabase, type TestDatabase } from "../../support/database";

describe.each(DATABASE_TARGETS)("seed on %s", (target) => {
  let db: TestDatabase | undefined;
  afterEach(async () => {
    await db?.close();
    db = undefined;
  });

  async function snapshot(database: TestDatabase) {
    const { prisma } = database;
    return {
      domains: await prisma.domain.findMany({ orderBy: { slug: "asc" } }),
      users: await prisma.user.findMany({ orderBy: { email: "asc" } }),
      memberships: await prisma.domainMembership.findMany({
        orderBy: [{ domainId: "asc" }, { userId: "asc" }],
      }),
      products: await prisma.dataProduct.findMany({
        orderBy: [{ domain: "asc" }, { name: "asc" }],
      }),
    };
  }

  it("creates the example domains, people and products, and a second run changes nothing", async () => {
    db = await freshDatabase(target);
    const summary = await seed(db.prisma);
    const first = await snapshot(db);
    expect(await seed(db.prisma)).toEqual(summary);
    const second = await snapshot(db);

    expect(summary).toEqual({ domains: 5, users: 11, memberships: 11, products: 7 });
    expect(first.domains.map((domain) => domain.slug)).toEqual(
      SEED_DOMAINS.map((domain) => domain.slug).sort(),
    );
    expect(first.users).toHaveLength(SEED_USERS.length);
    expect(first.memberships).toHaveLength(11);
    expect(first.products).toHaveLength(7);
    // Same rows with the same ids; only updatedAt moves on an upsert.
    const withoutUpdatedAt = (rows: { updatedAt: Date }[]) =>
      rows.map(({ updatedAt: _updatedAt, ...row }) => row);
    for (const key of ["domains", "users", "memberships", "products"] as const) {
      expect(withoutUpdatedAt(second[key])).toEqual(withoutUpdatedAt(first[key]));
    }
  });

  it("gives every role a user and every domain an owner and a member", async () => {
    db = await freshDatabase(target, { seed: true });
    const admins = await db.prisma.user.findMany({ where: { platformAdmin: true } });
    expect(admins.map((user) => user.email)).toEqual(["alice@meshplane.test"]);
    const domains = await db.prisma.domain.findMany({ include: { memberships: true } });
    for (const domain of domains) {
      const roles = domain.memberships.map((membership) => membership.role).sort();
      expect(roles, domain.slug).toEqual(expect.arrayContaining(["member", "owner"]));
    }
  });

  it("stores each product's validated spec with its list columns", async () => {
    db = await freshDatabase(target, { seed: true });
    const product = await db.prisma.dataProduct.findUniqueOrThrow({
      where: { domain_name: { domain: "customer", name: "customer-events" } },
    });
    expect(product).toMatchObject({
      displayName: "Customer events",
      tier: "gold",
      classification: "confidential",
      cloud: "aws",
      region: "eu-west-1",
      ownerTeam: "customer-data",
      ownerEmails: ["carol@meshplane.test", "customer-data@meshplane.test"],
      status: "live",
      outputs: null,
    });
    expect(DataProductSpec.parse(product.spec)).toMatchObject({
      domain: "customer",
      name: "customer-events",
    });
  });
});
