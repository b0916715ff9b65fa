/**
 * The portal against a real database: route handlers are called as functions with real Request
 * objects, sessions come from Better Auth's own sign-in endpoint, and the platform token is the
 * configured one. Each harness has its own fresh database.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ensureDevCredentials, DEV_PASSWORD } from "#portal/bootstrap/dev-credentials";
import type { RouteHandler } from "#portal/server/api";
import { auth, resetAuthForTests } from "#portal/server/auth";
import type { DomainRole, UserPrincipal } from "#portal/server/authz";
import type { Database } from "#db/client";
import { setDbForTests } from "#portal/server/db";
import { parsePortalConfig, setPortalConfigForTests } from "#config";
import { registerProduct } from "#portal/server/products";
import { DataProductSpec, type CatalogRegistration } from "#contract";
import { SEED_DOMAINS } from "#db";
import { loadExampleSpecs } from "#contract/examples";
import * as apiKeys from "#portal/app/api/v1/domains/[slug]/api-keys/route";

export const ORIGIN = "http://localhost:3000";
export const PLATFORM_TOKEN = "platform-token-for-tests-0123456789abcdef";

export const PEOPLE = {
  admin: { email: "ada@meshplane.test", name: "Ada Admin", platformAdmin: true, domains: {} },
  owner: {
    email: "olga@meshplane.test",
    name: "Olga Owner",
    platformAdmin: false,
    domains: { payments: "owner" },
  },
  member: {
    email: "max@meshplane.test",
    name: "Max Member",
    platformAdmin: false,
    domains: { payments: "member" },
  },
  otherMember: {
    email: "cora@meshplane.test",
    name: "Cora Customer",
    platformAdmin: false,
    domains: { customer: "owner" },
  },
  outsider: {
    email: "oscar@meshplane.test",
    name: "Oscar Outsider",
    platformAdmin: false,
    domains: {},
  },
} as const;
export type Person = keyof typeof PEOPLE;

export interface CallOptions {
  as?: Person | "anonymous" | { bearer: string };
  params?: Record<string, string>;
  query?: Record<string, string | number>;
  body?: unknown;
  origin?: string;
  /** Headers to set besides the defaults (e.g. another `accept`). */
  headers?: Record<string, string>;
}

export interface Harness {
  prisma: Database;
  userIds: Record<Person, string>;
  call: (
    handler: RouteHandler | ((request: Request, context: never) => Promise<Response>),
    method: string,
    path: string,
    options?: CallOptions,
  ) => Promise<Response>;
  register: (registration: CatalogRegistration) => Promise<void>;
  /** The session cookie header of a person, for clients that call over HTTP. */
  cookie: (person: Person) => Promise<string>;
}

/**
 * The owners the example specs name who are not people of this harness (paul@, rita@…: the
 * seed's users), registered as every domain's team mailboxes because tests file the examples
 * under other domains than their own; the seed's own mailboxes too. Owner checks are tested with
 * addresses outside this list.
 */
function harnessMailboxes(slug: string): string[] {
  const people = new Set<string>(Object.values(PEOPLE).map((person) => person.email));
  const examples = loadExampleSpecs()
    .flatMap(({ spec }) => spec.owners.emails)
    .filter((email) => !people.has(email));
  const seeded = SEED_DOMAINS.find((domain) => domain.slug === slug)?.mailboxes ?? [];
  return [...new Set([...seeded, ...examples])];
}

async function createPeople(prisma: Database): Promise<Record<Person, string>> {
  for (const { slug, name, description } of SEED_DOMAINS) {
    await prisma.domain.create({
      data: { slug, name, description, mailboxes: harnessMailboxes(slug) },
    });
  }
  const ids = {} as Record<Person, string>;
  for (const [key, person] of Object.entries(PEOPLE) as [Person, (typeof PEOPLE)[Person]][]) {
    const user = await prisma.user.create({
      data: {
        email: person.email,
        name: person.name,
        platformAdmin: person.platformAdmin,
        emailVerified: true,
      },
    });
    ids[key] = user.id;
    for (const [slug, role] of Object.entries(person.domains)) {
      const domain = await prisma.domain.findUniqueOrThrow({ where: { slug } });
      await prisma.domainMembership.create({
        data: { domainId: domain.id, userId: user.id, role },
      });
    }
  }
  await ensureDevCredentials(prisma);
  return ids;
}

/**
 * Points the portal's singletons at this database and configuration (`env`: variables to add,
 * e.g. the environment the portal names stacks in).
 */
export async function createHarness(
  prisma: Database,
  env: Record<string, string> = {},
): Promise<Harness> {
  const dataDir = mkdtempSync(join(tmpdir(), "meshplane-portal-"));
  setPortalConfigForTests(
    parsePortalConfig({
      ...env,
      MESHPLANE_ENV: "development",
      MESHPLANE_DATA_DIR: dataDir,
      // A harness served over HTTP (the Iceberg catalog's engines) names its real address.
      MESHPLANE_PUBLIC_URL: env.MESHPLANE_PUBLIC_URL ?? ORIGIN,
      MESHPLANE_PLATFORM_TOKEN: PLATFORM_TOKEN,
      MESHPLANE_AUTH_SECRET: "test-secret-0123456789abcdef0123456789",
    }),
  );
  setDbForTests(prisma);
  resetAuthForTests();
  const userIds = await createPeople(prisma);
  const cookies = new Map<Person, string>();

  async function cookieFor(person: Person): Promise<string> {
    const cached = cookies.get(person);
    if (cached !== undefined) return cached;
    // Better Auth's own endpoint, called directly rather than over HTTP: these are sessions for
    // the tests, and five people signing in at once from one address would hit the per-address
    // sign-in limit (sign-in-limits.test.ts tests that).
    const response = await auth().api.signInEmail({
      body: { email: PEOPLE[person].email, password: DEV_PASSWORD },
      asResponse: true,
    });
    if (!response.ok)
      throw new Error(`sign-in of ${person} failed: ${response.status} ${await response.text()}`);
    const cookie = response.headers
      .getSetCookie()
      .map((header) => header.split(";")[0])
      .join("; ");
    cookies.set(person, cookie);
    return cookie;
  }

  async function call(
    handler: (request: Request, context: never) => Promise<Response>,
    method: string,
    path: string,
    options: CallOptions = {},
  ): Promise<Response> {
    const url = new URL(path, ORIGIN);
    for (const [key, value] of Object.entries(options.query ?? {}))
      url.searchParams.set(key, String(value));
    const headers = new Headers({ accept: "application/json" });
    const as = options.as ?? "anonymous";
    if (typeof as === "object") headers.set("authorization", `Bearer ${as.bearer}`);
    else if (as !== "anonymous") headers.set("cookie", await cookieFor(as));
    if (options.origin !== undefined) headers.set("origin", options.origin);
    if (options.body !== undefined) headers.set("content-type", "application/json");
    for (const [name, value] of Object.entries(options.headers ?? {})) headers.set(name, value);
    const request = new Request(url, {
      method,
      headers,
      ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
    });
    return handler(request, { params: Promise.resolve(options.params ?? {}) } as never);
  }

  return {
    prisma,
    userIds,
    call,
    cookie: cookieFor,
    register: async (registration) => {
      await prisma.$transaction(async (tx) => {
        await registerProduct(
          tx,
          registration.spec.domain,
          registration.spec.name,
          registration,
          async () => {},
        );
      });
    },
  };
}

export function releaseHarness(): void {
  setDbForTests(undefined);
  setPortalConfigForTests(undefined);
  resetAuthForTests();
}

/** What a person's session resolves to: for calling the server functions pages use directly. */
export function principalOf(h: Pick<Harness, "userIds">, person: Person): UserPrincipal {
  const { email, name, platformAdmin, domains } = PEOPLE[person];
  return {
    kind: "user",
    userId: h.userIds[person],
    email,
    name,
    platformAdmin,
    domainRoles: new Map(Object.entries(domains as Record<string, DomainRole>)),
  };
}

export async function json<T = Record<string, unknown>>(response: Response): Promise<T> {
  return (await response.json()) as T;
}

/** A new API key of `slug`, issued through the API by `as` (who must be allowed to issue it). */
export async function issueApiKey(
  h: Pick<Harness, "call">,
  as: Person,
  slug: string,
  label = "tests",
): Promise<{ id: string; key: string }> {
  const response = await h.call(apiKeys.POST, "POST", "/", {
    as,
    params: { slug },
    body: { label },
  });
  if (response.status !== 201)
    throw new Error(`issuing a ${slug} key as ${as}: ${response.status} ${await response.text()}`);
  return json<{ id: string; key: string }>(response);
}

export function registrationOf(spec: unknown, environment = "dev"): CatalogRegistration {
  const parsed = DataProductSpec.parse(spec);
  return {
    environment,
    stack: `${parsed.domain}.${parsed.name}.${environment}`,
    spec: parsed,
    outputs: {
      cloud: parsed.target.cloud,
      region: parsed.target.region,
      storageUri: `file:///warehouse/${parsed.domain}/${parsed.name}`,
      catalog: {
        kind: "meshplane",
        database: parsed.domain,
        table: parsed.name.replaceAll("-", "_"),
      },
      backup: { kind: "none" },
      tags: {},
    },
  };
}

/**
 * Waits until the plan preview that submitting the request started has finished (ready or
 * failed): an approval waits for it (core/evolution.ts `planHold`), like a reviewer does. Returns
 * at once when no preview was started.
 */
export async function planFinished(
  h: Pick<Harness, "prisma">,
  id: string,
  timeoutMs = 120_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const row = await h.prisma.productRequest.findUniqueOrThrow({
      where: { id },
      select: { planPreview: true },
    });
    const status = (row.planPreview as { status?: string } | null)?.status;
    // No preview at all: nothing was started (a draft, a decommission).
    if (status !== "pending") return;
    if (Date.now() > deadline) throw new Error(`the plan preview of request ${id} never finished`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
