/**
 * The portal's API in this process: route handlers are called as functions with real Request
 * objects, exactly as Next calls them (auth, zod parsing, authorization, the handler, the error
 * mapping), against the benchmark database. Sessions come from Better Auth's sign-in endpoint and
 * lineage keys from the API-key service, so every request is authenticated as in production.
 * Runs under the `react-server` condition (see package.json), which is how Next loads them.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createPrismaClient, type PrismaClient } from "#db";
import { DEV_PASSWORD, ensureDevCredentials } from "../portal/bootstrap/dev-credentials";
import { auth, resetAuthForTests } from "../portal/server/auth";
import { setDbForTests } from "../portal/server/db";
import { parsePortalConfig, setPortalConfigForTests } from "#config";
import { createApiKey } from "../portal/server/lineage/api-keys";

const ORIGIN = "http://localhost:3000";
export const BENCH_USER = { email: "bench@meshplane.test", name: "Bench Admin" };

type Handler = (request: Request, context: never) => Promise<Response>;
/** A JSON body sent with a lineage API key. */
export interface Send {
  body: unknown;
  bearer: string;
}

export interface Portal {
  prisma: PrismaClient;
  /**
   * A route handler called as Next calls it, signed in as a platform admin, or with a lineage key
   * when `send` is given; throws unless the status is 2xx.
   */
  call: (
    handler: Handler,
    method: "GET" | "POST",
    path: string,
    send?: Send,
    params?: Record<string, string>,
  ) => Promise<unknown>;
  /** A lineage API key of `domain`, for the ingestion routes. */
  lineageKey: (domain: string) => Promise<string>;
  close: () => Promise<void>;
}

async function signIn(): Promise<string> {
  const response = await auth().handler(
    new Request(`${ORIGIN}/api/auth/sign-in/email`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: ORIGIN },
      body: JSON.stringify({ email: BENCH_USER.email, password: DEV_PASSWORD }),
    }),
  );
  if (!response.ok)
    throw new Error(`bench sign-in failed: ${response.status} ${await response.text()}`);
  return response.headers
    .getSetCookie()
    .map((header) => header.split(";")[0])
    .join("; ");
}

export async function openPortal(url: string): Promise<Portal> {
  setPortalConfigForTests(
    parsePortalConfig({
      MESHPLANE_ENV: "development",
      MESHPLANE_DATA_DIR: mkdtempSync(join(tmpdir(), "meshplane-bench-portal-")),
      MESHPLANE_PUBLIC_URL: ORIGIN,
      DATABASE_URL: url,
    }),
  );
  const prisma = createPrismaClient(url);
  setDbForTests(prisma);
  resetAuthForTests();
  const user = await prisma.user.create({
    data: { ...BENCH_USER, platformAdmin: true, emailVerified: true },
  });
  await ensureDevCredentials(prisma);
  const cookie = await signIn();

  async function call(
    handler: Handler,
    method: "GET" | "POST",
    path: string,
    send?: Send,
    params: Record<string, string> = {},
  ) {
    const headers = new Headers({ accept: "application/json" });
    if (send === undefined) headers.set("cookie", cookie);
    else {
      headers.set("content-type", "application/json");
      headers.set("authorization", `Bearer ${send.bearer}`);
    }
    const request = new Request(new URL(path, ORIGIN), {
      method,
      headers,
      ...(send === undefined || method === "GET" ? {} : { body: JSON.stringify(send.body) }),
    });
    const response = await handler(request, { params: Promise.resolve(params) } as never);
    const payload: unknown = await response.json();
    if (!response.ok)
      throw new Error(
        `${method} ${path}: ${response.status} ${JSON.stringify(payload).slice(0, 500)}`,
      );
    return payload;
  }

  return {
    prisma,
    call,
    lineageKey: async (domain) => {
      const { key } = await createApiKey(prisma, domain, "bench", user.id);
      return key;
    },
    close: async () => {
      setDbForTests(undefined);
      setPortalConfigForTests(undefined);
      resetAuthForTests();
      await prisma.$disconnect();
    },
  };
}
