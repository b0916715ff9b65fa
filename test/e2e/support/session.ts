/** Signing in as a seeded user (db/seed.ts) with the local development password. */
import {
  expect,
  type APIRequestContext,
  type Browser,
  type BrowserContext,
  type Page,
} from "@playwright/test";
import { DEV_PASSWORD } from "#portal/bootstrap/dev-credentials";

export const USERS = {
  admin: "alice@meshplane.test",
  customerOwner: "carol@meshplane.test",
  customerMember: "cody@meshplane.test",
  paymentsMember: "pia@meshplane.test",
  paymentsOwner: "paul@meshplane.test",
} as const;

/**
 * Each browser context is its own machine. Better Auth limits sign-ins per client address (3 per
 * 10 s), and every browser here connects from 127.0.0.1, so each context presents its own
 * documentation-range address as a reverse proxy would: the run trusts 127.0.0.1 as a proxy
 * (MESHPLANE_TRUSTED_PROXIES in global-setup.ts). Without that, the portal ignores the header and
 * keys on the connection. One address per context, not per person: the journeys sign the same
 * person in again within seconds of each other (an admin in consecutive journeys).
 */
let contexts = 0;
function clientAddress(): string {
  contexts += 1;
  return `192.0.2.${10 + (contexts % 240)}`;
}

/** A browser context for one person (not signed in yet). */
export function newUserContext(browser: Browser, _email: string): Promise<BrowserContext> {
  return browser.newContext({ extraHTTPHeaders: { "x-forwarded-for": clientAddress() } });
}

/** Through the sign-in form, the way a person does it. */
export async function signInWithForm(page: Page, email: string): Promise<void> {
  await page.goto("/sign-in");
  const form = page.getByRole("form", { name: "Local sign-in" });
  await form.getByLabel("Email").fill(email);
  await form.getByLabel("Password").fill(DEV_PASSWORD);
  await form.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
}

/** Through the auth API: the session cookie lands in the context the request belongs to. */
export async function signIn(request: APIRequestContext, email: string): Promise<void> {
  const response = await request.post("/api/auth/sign-in/email", {
    data: { email, password: DEV_PASSWORD },
  });
  expect(response.status(), `sign in as ${email}`).toBe(200);
}

/** A signed-in person's context and a page in it. */
export async function signedIn(
  browser: Browser,
  email: string,
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await newUserContext(browser, email);
  await signIn(context.request, email);
  return { context, page: await context.newPage() };
}
