/**
 * Journey 6: the perimeter. Signing out ends the session; pages carry a nonce-based
 * Content-Security-Policy and run under it without a single violation (the request form, the
 * catalog, the lineage graph with React Flow and elkjs); API answers carry the data policy; every
 * response carries the baseline headers.
 */
import { expect, test, type BrowserContext, type Page } from "@playwright/test";
import { USERS, newUserContext, signInWithForm, signedIn } from "./support/session";

test("signing out ends the session: the API answers 401 afterwards", async ({ browser }) => {
  const context = await newUserContext(browser, USERS.customerOwner);
  const page = await context.newPage();
  await signInWithForm(page, USERS.customerOwner);
  expect((await page.request.get("/api/v1/me")).status()).toBe(200);
  // The session cookie as it was: signing out must end the session, not only forget the cookie.
  const cookie = (await context.cookies()).map((c) => `${c.name}=${c.value}`).join("; ");

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in$/);
  await expect(page.getByRole("form", { name: "Local sign-in" })).toBeVisible();
  const me = await page.request.get("/api/v1/me");
  expect(me.status()).toBe(401);
  expect(me.headers()["content-type"]).toBe("application/problem+json");
  const replayed = await page.request.get("/api/v1/me", { headers: { cookie } });
  expect(replayed.status()).toBe(401);
  // A protected page sends the signed-out person to the sign-in form.
  await page.goto("/requests");
  await expect(page).toHaveURL(/\/sign-in/);
  await expect(page.getByRole("form", { name: "Local sign-in" })).toBeVisible();
  await context.close();
});

/** Records every CSP violation the pages of `context` report. */
async function recordViolations(context: BrowserContext): Promise<void> {
  await context.addInitScript(() => {
    const seen: string[] = [];
    Reflect.set(window, "cspViolations", seen);
    document.addEventListener("securitypolicyviolation", (event) => {
      seen.push(`${event.effectiveDirective} blocked ${event.blockedURI} (${event.sourceFile})`);
    });
  });
}

function violations(page: Page): Promise<string[]> {
  return page.evaluate(() => Reflect.get(window, "cspViolations") as string[]);
}

function expectPagePolicy(headers: Record<string, string>): string {
  const policy = headers["content-security-policy"] ?? "";
  expect(policy).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]{24}' 'strict-dynamic'/);
  expect(policy).toContain("frame-ancestors 'none'");
  expect(policy).not.toContain("unsafe-eval");
  expect(headers["x-content-type-options"]).toBe("nosniff");
  expect(headers["referrer-policy"]).toBe("same-origin");
  // http here: HSTS is for https only.
  expect(headers["strict-transport-security"]).toBeUndefined();
  return policy;
}

test("pages run under a nonce-based policy without violations; the API gets the data policy", async ({
  browser,
}) => {
  const { context, page } = await signedIn(browser, USERS.paymentsMember);
  await recordViolations(context);

  const first = await page.goto("/catalog");
  const policy = expectPagePolicy(first?.headers() ?? {});
  const second = await page.goto("/catalog");
  // A fresh nonce per response.
  expect(expectPagePolicy(second?.headers() ?? {})).not.toBe(policy);
  // Hydrated: the search box filters on the client.
  const results = page.getByRole("table", { name: "Catalog results" });
  await expect(results.getByRole("link", { name: "Country codes" })).toBeVisible();
  await page.getByRole("searchbox", { name: "Search" }).fill("fraud");
  await expect(results.getByRole("link", { name: "Country codes" })).toHaveCount(0);
  await expect(
    results.getByRole("link", { name: "Card transactions with fraud scores" }),
  ).toBeVisible();
  expect(await violations(page)).toEqual([]);

  await page.goto("/requests/new");
  const form = page.getByRole("form", { name: "Data product request" });
  await form.getByLabel("Product name").fill("csp-check");
  await expect(form.getByLabel("Product name")).toHaveValue("csp-check");
  expect(await violations(page)).toEqual([]);

  // Journey 5 observed lineage for this product: its graph is drawn by React Flow and elkjs.
  await page.goto("/products/payments/card-transactions");
  const lineage = page.getByRole("region", { name: "Lineage" });
  const graph = lineage.getByRole("figure", { name: "Lineage of payments/card-transactions" });
  await expect(graph).toBeVisible();
  await expect(graph.locator(".react-flow__node").first()).toBeVisible();
  expect(await violations(page)).toEqual([]);

  const api = await context.request.get("/api/v1/me");
  expect(api.status()).toBe(200);
  expect(api.headers()["content-security-policy"]).toBe(
    "default-src 'none'; frame-ancestors 'none'",
  );
  expect(api.headers()["x-content-type-options"]).toBe("nosniff");
  expect(api.headers()["x-frame-options"]).toBe("DENY");
  await context.close();
});
