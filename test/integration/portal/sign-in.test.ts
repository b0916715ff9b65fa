/** Local sign-in: on for the embedded default, refused in production unless explicitly enabled. */
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import * as me from "#portal/app/api/v1/me/route";
import { markForwardingResolved } from "#portal/bootstrap/client-address";
import { DEV_PASSWORD } from "#portal/bootstrap/dev-credentials";
import { auth, resetAuthForTests } from "#portal/server/auth";
import { parsePortalConfig, setPortalConfigForTests } from "#config";
import { forEachDatabase } from "./databases";
import { ORIGIN, type Harness } from "./harness";

vi.mock("server-only", () => ({}));

// Each sign-in arrives as the portal's server passes requests on, from an address of its own:
// these tests are not about the per-address limit (sign-in-limits.test.ts is).
markForwardingResolved();
let clients = 0;

function signIn(password: string, origin = ORIGIN): Promise<Response> {
  clients += 1;
  return auth().handler(
    new Request(`${origin}/api/auth/sign-in/email`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        origin,
        "x-forwarded-for": `198.51.100.${String(clients)}`,
      },
      body: JSON.stringify({ email: "max@meshplane.test", password }),
    }),
  );
}

function useEnv(extra: Record<string, string>, publicUrl = ORIGIN): void {
  setPortalConfigForTests(
    parsePortalConfig({
      MESHPLANE_PUBLIC_URL: publicUrl,
      MESHPLANE_AUTH_SECRET: "test-secret-0123456789abcdef0123456789",
      DATABASE_URL: "postgres://unused:unused@127.0.0.1:1/unused",
      ...extra,
    }),
  );
  resetAuthForTests();
}

forEachDatabase((target, open) => {
  describe(`local sign-in (${target})`, () => {
    let h: Harness & { close: () => Promise<void> };
    beforeAll(async () => {
      h = await open();
    });
    afterAll(async () => {
      await h.close();
    });

    it("signs a seeded user in with the development password and sets a safe cookie", async () => {
      useEnv({ MESHPLANE_ENV: "development" });
      const response = await signIn(DEV_PASSWORD);
      expect(response.status).toBe(200);
      const cookie = response.headers.getSetCookie().join("\n");
      expect(cookie).toMatch(/meshplane\.session_token=/);
      expect(cookie).toMatch(/HttpOnly/i);
      expect(cookie).toMatch(/SameSite=Lax/i);
      expect((await signIn("wrong-password")).status).toBe(401);
    });

    it("refuses local sign-in in production unless MESHPLANE_LOCAL_SIGNIN=true", async () => {
      useEnv({ MESHPLANE_ENV: "production" });
      expect((await signIn(DEV_PASSWORD)).ok).toBe(false);
      useEnv({ MESHPLANE_ENV: "production", MESHPLANE_LOCAL_SIGNIN: "true" });
      expect((await signIn(DEV_PASSWORD)).status).toBe(200);
    });

    it("marks the session cookie Secure when the portal is served over https", async () => {
      const origin = "https://portal.acme.test";
      useEnv({ MESHPLANE_ENV: "production", MESHPLANE_LOCAL_SIGNIN: "true" }, origin);
      const response = await signIn(DEV_PASSWORD, origin);
      expect(response.status).toBe(200);
      const cookie = response.headers.getSetCookie().find((c) => c.includes("session_token="));
      expect(cookie).toMatch(/^__Secure-meshplane\.session_token=/);
      expect(cookie).toMatch(/; Secure/i);
      expect(cookie).toMatch(/HttpOnly/i);
    });

    it("answers 401 problem+json to an unauthenticated API call", async () => {
      const response = await h.call(me.GET, "GET", "/api/v1/me");
      expect(response.status).toBe(401);
      expect(response.headers.get("content-type")).toBe("application/problem+json");
    });
  });
});
