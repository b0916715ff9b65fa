/**
 * Example data for the embedded default and the tests: the domains of contract/examples, a
 * platform admin, an owner and a member per domain, and one live product per example spec.
 * Idempotent: every row is upserted on its natural key, so running it again changes nothing.
 */
import { loadExampleSpecs, type ExampleSpec } from "#contract/examples";
import { FIRST_VERSION, type DataProductSpec } from "#contract";
import type { PrismaClient } from "../prisma/generated/client/client";
import type { Transaction } from "./client";
import { productColumns } from "./product-columns";

export interface SeedDomain {
  slug: string;
  name: string;
  description: string;
  /** Team mailboxes the domain registers (owners of its products besides its members). */
  mailboxes?: readonly string[];
}

export interface SeedUser {
  email: string;
  name: string;
  platformAdmin?: boolean;
  /** Role per domain slug. */
  domains?: Record<string, "member" | "owner">;
}

export const SEED_DOMAINS: readonly SeedDomain[] = [
  {
    slug: "customer",
    name: "Customer",
    description: "Customer accounts, interactions and the single customer view.",
    mailboxes: ["customer-data@meshplane.test"],
  },
  {
    slug: "payments",
    name: "Payments",
    description: "Card transactions, settlements and fraud detection.",
    mailboxes: ["risk@meshplane.test"],
  },
  { slug: "iot", name: "IoT", description: "Telemetry from devices and sensors in the field." },
  {
    slug: "reference",
    name: "Reference data",
    description: "Shared code lists (countries, currencies) every domain joins against.",
  },
  {
    slug: "sandbox",
    name: "Sandbox",
    description: "Short-lived experiments by the data science team.",
  },
];

/** Owners are the first owner email of the domain's example specs. */
export const SEED_USERS: readonly SeedUser[] = [
  { email: "alice@meshplane.test", name: "Alice Admin", platformAdmin: true },
  { email: "carol@meshplane.test", name: "Carol Customer", domains: { customer: "owner" } },
  { email: "cody@meshplane.test", name: "Cody Customer", domains: { customer: "member" } },
  { email: "paul@meshplane.test", name: "Paul Payments", domains: { payments: "owner" } },
  { email: "pia@meshplane.test", name: "Pia Payments", domains: { payments: "member" } },
  { email: "ivan@meshplane.test", name: "Ivan IoT", domains: { iot: "owner" } },
  { email: "iris@meshplane.test", name: "Iris IoT", domains: { iot: "member" } },
  { email: "rita@meshplane.test", name: "Rita Reference", domains: { reference: "owner" } },
  { email: "reed@meshplane.test", name: "Reed Reference", domains: { reference: "member" } },
  { email: "sam@meshplane.test", name: "Sam Sandbox", domains: { sandbox: "owner" } },
  {
    email: "sol@meshplane.test",
    name: "Sol Sandbox",
    domains: { sandbox: "member", customer: "member" },
  },
];

export interface SeedOptions {
  domains?: readonly SeedDomain[];
  users?: readonly SeedUser[];
  /** Default: every spec in contract/examples. */
  products?: readonly ExampleSpec[];
}

export interface SeedSummary {
  domains: number;
  users: number;
  memberships: number;
  products: number;
}

export async function seed(prisma: PrismaClient, options: SeedOptions = {}): Promise<SeedSummary> {
  const domains = options.domains ?? SEED_DOMAINS;
  const users = options.users ?? SEED_USERS;
  const products = options.products ?? loadExampleSpecs();
  return prisma.$transaction(
    async (tx) => {
      const domainIds = await upsertDomains(tx, domains);
      const memberships = await upsertUsers(tx, users, domainIds);
      for (const { spec } of products) await upsertProduct(tx, spec);
      return {
        domains: domains.length,
        users: users.length,
        memberships,
        products: products.length,
      };
    },
    // Some forty statements: well within the default 5 s, but not on a loaded CI machine.
    { maxWait: 30_000, timeout: 120_000 },
  );
}

async function upsertDomains(
  tx: Transaction,
  domains: readonly SeedDomain[],
): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  for (const { slug, name, description, mailboxes = [] } of domains) {
    const row = await tx.domain.upsert({
      where: { slug },
      create: { slug, name, description, mailboxes: [...mailboxes] },
      update: { name, description, mailboxes: [...mailboxes] },
    });
    ids.set(slug, row.id);
  }
  return ids;
}

async function upsertUsers(
  tx: Transaction,
  users: readonly SeedUser[],
  domainIds: ReadonlyMap<string, string>,
): Promise<number> {
  let memberships = 0;
  for (const user of users) {
    const fields = { name: user.name, platformAdmin: user.platformAdmin ?? false };
    const row = await tx.user.upsert({
      where: { email: user.email },
      create: { email: user.email, emailVerified: true, ...fields },
      update: fields,
    });
    for (const [slug, role] of Object.entries(user.domains ?? {})) {
      const domainId = domainIds.get(slug);
      if (domainId === undefined) throw new Error(`seed user ${user.email}: no domain ${slug}`);
      await tx.domainMembership.upsert({
        where: { domainId_userId: { domainId, userId: row.id } },
        create: { domainId, userId: row.id, role },
        update: { role },
      });
      memberships += 1;
    }
  }
  return memberships;
}

async function upsertProduct(tx: Transaction, spec: DataProductSpec): Promise<void> {
  const columns = { ...productColumns(spec), status: "live" as const };
  const product = await tx.dataProduct.upsert({
    where: { domain_name: { domain: spec.domain, name: spec.name } },
    create: { domain: spec.domain, name: spec.name, ...columns },
    update: columns,
  });
  // A live product has run its spec: its first version (workflow/product-versions.ts).
  const versions = await tx.productVersion.count({ where: { productId: product.id } });
  if (versions === 0) {
    await tx.productVersion.create({
      data: { productId: product.id, version: spec.version ?? FIRST_VERSION, spec: spec },
    });
  }
}
