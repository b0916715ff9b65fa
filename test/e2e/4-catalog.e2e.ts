/**
 * Journey 4: catalog search with facets finds a product; its page shows schema, owners, SLAs and
 * consumers; a member of its domain proposes a change to its contract.
 */
import { expect, test } from "@playwright/test";
import { saveScreenshot } from "./support/screenshots";
import { USERS, signedIn } from "./support/session";

test("catalog search with facets finds a product whose page shows schema, owners and SLAs", async ({
  browser,
}) => {
  const { context, page } = await signedIn(browser, USERS.paymentsMember);
  await page.goto("/catalog");
  const results = page.getByRole("table", { name: "Catalog results" });
  // Other journeys may have added products before this one: wait for a seeded one.
  await expect(results.getByRole("link", { name: "Country codes" })).toBeVisible();
  await saveScreenshot(page, "catalog");

  // A typo still finds it (pg_trgm), and the page says what it searched for and where it matched.
  await page.getByRole("searchbox", { name: "Search" }).fill("fruad");
  await expect(page.getByRole("status").filter({ hasText: "showing results for" })).toContainText(
    "fraud",
  );
  await expect(page.getByText("2 product(s)")).toBeVisible();
  await expect(
    results
      .getByRole("row", { name: /Daily merchant fraud scores/ })
      .getByRole("list", { name: "Matched on" }),
  ).toContainText("matched on column fraud_rate");

  await page.getByRole("searchbox", { name: "Search" }).fill("fraud");
  await expect(page.getByText("2 product(s)")).toBeVisible();
  await expect(page.getByRole("status").filter({ hasText: "showing results for" })).toHaveCount(0);
  const cloudFacet = page.getByRole("list", { name: "Cloud" });
  await cloudFacet.getByRole("button", { name: "aws" }).click();
  await expect(cloudFacet.getByRole("button", { name: "aws" })).toHaveAttribute(
    "aria-pressed",
    "true",
  );
  await expect(page.getByText("1 product(s)")).toBeVisible();
  await expect(results.getByRole("link")).toHaveText(["Card transactions with fraud scores"]);

  await results.getByRole("link", { name: "Card transactions with fraud scores" }).click();
  await expect(
    page.getByRole("heading", { level: 1, name: "Card transactions with fraud scores" }),
  ).toBeVisible();
  const schema = page.getByRole("table", { name: "Schema" });
  await expect(schema.getByRole("row")).toHaveCount(9);
  await expect(schema.getByRole("row", { name: /card_token/ })).toContainText("Tokenised PAN");
  const owners = page.getByRole("region", { name: "Owners" });
  await expect(owners).toContainText("payments-data");
  await expect(owners).toContainText("paul@meshplane.test");
  const sla = page.getByRole("region", { name: "Service levels" });
  await expect(sla).toContainText("5 min");
  await expect(sla).toContainText("99.95%");
  await expect(sla).toContainText("15 / 60 min");
  // Who consumes it: the seeded fraud scores declare it as an input.
  const consumers = page.getByRole("region", { name: "Consumers" });
  await expect(consumers.getByRole("link", { name: "payments/fraud-scores" })).toBeVisible();
  await expect(consumers).toContainText("declared input");
  await expect(page.getByRole("link", { name: /^Notifications: / })).toBeVisible();
  // The lineage panel loads in the browser: let it settle so the screenshot is stable.
  await expect(page.getByText("No lineage observed yet")).toBeVisible();
  // SLA statuses are evaluated on a clock (ages, chart axis), so they differ per run.
  await saveScreenshot(page, "product", {
    mask: [page.getByRole("region", { name: "SLA health" })],
  });

  // A member of the product's domain proposes a change to its contract.
  await page.getByRole("link", { name: "Propose a change" }).click();
  await expect(
    page.getByRole("heading", { level: 1, name: "Change payments/card-transactions" }),
  ).toBeVisible();
  const form = page.getByRole("form", { name: "Data product request" });
  await expect(form.getByLabel("Product name")).toHaveAttribute("readonly", "");
  await form.getByLabel("Retention (days)").fill("1000");
  await expect(form.getByText("The spec is valid.")).toBeVisible();
  await form.getByRole("button", { name: "Submit for review" }).click();
  await expect(
    page.getByRole("heading", { level: 1, name: "payments/card-transactions" }),
  ).toBeVisible();
  await expect(page.getByText("Change to a live product")).toBeVisible();
  await expect(page.getByRole("list", { name: "Status history" })).toContainText("submitted");
  await context.close();
});
