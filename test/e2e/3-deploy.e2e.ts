/**
 * Journey 3: a platform admin approves a local-target request with a reason and deploys it; the
 * deployment page shows live progress to completion; the product appears in the catalog with its
 * outputs. The deployment runs for real: the worker `npm start` runs drives the Pulumi CLI.
 */
import { expect, test } from "@playwright/test";
import { saveScreenshot } from "./support/screenshots";
import { USERS, signedIn } from "./support/session";
import { exampleSpec } from "./support/specs";

const PRODUCT = "customer/web-experiments";

test("an admin approves with a reason and deploys a local product that lands in the catalog", async ({
  browser,
}) => {
  test.setTimeout(300_000);
  const { context: member } = await signedIn(browser, USERS.customerMember);
  const spec = exampleSpec("churn-experiments.yaml", {
    domain: "customer",
    name: "web-experiments",
    displayName: "Web experiments",
    owners: { team: "customer-data", emails: [USERS.customerMember] },
    inputs: [],
  });
  const created = await member.request.post("/api/v1/requests", { data: { kind: "create", spec } });
  expect(created.status(), await created.text()).toBe(201);
  const { id } = (await created.json()) as { id: string };
  expect((await member.request.post(`/api/v1/requests/${id}/submit`)).status()).toBe(200);

  const { context: admin, page } = await signedIn(browser, USERS.admin);
  await page.goto("/review");
  const entry = page
    .getByRole("list", { name: "Requests waiting for review" })
    .getByRole("listitem")
    .filter({ hasText: PRODUCT });
  await entry.getByLabel("Reason for the decision").fill("Local sandbox product; no cloud cost.");
  await entry.getByRole("button", { name: "Approve" }).click();
  await expect(entry).toHaveCount(0);

  await page.goto(`/requests/${id}`);
  await expect(page.getByRole("list", { name: "Status history" })).toContainText(
    "“Local sandbox product; no cloud cost.”",
  );
  await page.getByRole("group", { name: "Deploy" }).getByRole("button", { name: "Deploy" }).click();
  await expect(page).toHaveURL(/\/deployments\/[\w-]+$/);
  await expect(page.getByRole("heading", { level: 1 })).toContainText("up");

  // The page polls the worker's progress until the operation ends.
  await expect(page.getByRole("status").filter({ hasText: "Succeeded." })).toBeVisible({
    timeout: 240_000,
  });
  await expect(page.getByText(/^(\d+) of \1 resources done$/)).toBeVisible();
  await expect(page.getByLabel("Stack outputs")).toContainText('"storageUri": "file://');
  await saveScreenshot(page, "deployment");

  await page.goto("/catalog");
  await page.getByRole("searchbox", { name: "Search" }).fill("web experiments");
  const results = page.getByRole("table", { name: "Catalog results" });
  await results.getByRole("link", { name: "Web experiments" }).click();
  const outputs = page.getByRole("region", { name: "Outputs" });
  await expect(outputs).toContainText("local");
  await expect(outputs.getByRole("definition").filter({ hasText: "file://" })).toHaveCount(1);
  await member.close();
  await admin.close();
});
