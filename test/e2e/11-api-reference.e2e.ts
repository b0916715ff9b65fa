/**
 * Journey 11: the API reference (issue #20 item 12). Swagger UI renders the portal's OpenAPI
 * document and the Iceberg catalog's from the portal's own origin, under the pages' nonce-based
 * Content-Security-Policy without a single violation or console error, and asks nothing of any
 * other host.
 */
import { expect, test, type ConsoleMessage } from "@playwright/test";
import { E2E_BASE_URL } from "./support/server";
import { USERS, signedIn } from "./support/session";

test("the API reference renders both documents from the portal alone, under the page policy", async ({
  browser,
}) => {
  const { context, page } = await signedIn(browser, USERS.paymentsMember);
  await page.addInitScript(() => {
    const seen: string[] = [];
    Reflect.set(window, "cspViolations", seen);
    document.addEventListener("securitypolicyviolation", (event) => {
      seen.push(`${event.effectiveDirective} blocked ${event.blockedURI} (${event.sourceFile})`);
    });
  });
  const errors: string[] = [];
  page.on("console", (message: ConsoleMessage) => {
    if (message.type() === "error") errors.push(message.text());
  });
  const foreign: string[] = [];
  page.on("request", (request) => {
    const url = request.url();
    if (/^https?:/.test(url) && new URL(url).origin !== E2E_BASE_URL) foreign.push(url);
  });

  await page.goto("/");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "API" }).click();
  await expect(page).toHaveURL(/\/api-reference$/);
  await expect(page.getByRole("heading", { level: 1, name: "API reference" })).toBeVisible();
  const listProducts = page.locator(".opblock-summary", { hasText: "List data products" });
  await expect(listProducts).toContainText("/api/v1/products");
  await expect(listProducts.locator(".opblock-summary-method")).toHaveText("GET");

  // Opening an operation shows its parameters, rendered by the lazily loaded viewer.
  await listProducts.click();
  await expect(page.locator(".opblock.is-open .parameters").first()).toBeVisible();

  await page
    .getByRole("navigation", { name: "API documents" })
    .getByRole("link", { name: "Iceberg REST catalog" })
    .click();
  await expect(page).toHaveURL(/\/api-reference\?spec=iceberg$/);
  await expect(
    page.locator(".opblock-summary", { hasText: "The domain's tables the caller may read" }),
  ).toBeVisible();

  expect(await page.evaluate(() => Reflect.get(window, "cspViolations") as string[])).toEqual([]);
  expect(errors).toEqual([]);
  expect(foreign).toEqual([]);

  // An unknown document is the not-found page, not an error (streamed after the root loading
  // state, so its HTTP status is already 200, as for every page here).
  await page.goto("/api-reference?spec=graphql");
  await expect(page.getByRole("heading", { level: 1, name: "Not found" })).toBeVisible();
  await context.close();
});
