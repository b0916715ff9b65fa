/**
 * A local product's life, for real: the worker `npm start` runs drives the Pulumi CLI.
 * Journey 3: a platform admin approves a local-target request with a reason and deploys it; the
 * deployment page shows live progress to completion; the product appears in the catalog with its
 * outputs; the audit log shows each step. Journey 6 (same product, so serial): decommission requested, approved, destroyed; the
 * data directory is retained; the catalog shows the product as decommissioned.
 */
import { existsSync, readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { expect, test } from "@playwright/test";
import { approve, expectSucceeded, submitted } from "./support/review";
import { saveScreenshot } from "./support/screenshots";
import { USERS, signedIn } from "./support/session";
import { exampleSpec } from "./support/specs";

const PRODUCT = "customer/web-experiments";

test.describe.configure({ mode: "serial" });

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
  const id = await submitted(member, "create", spec);

  const { context: admin, page } = await signedIn(browser, USERS.admin);
  await approve(page, PRODUCT, "Local sandbox product; no cloud cost.");

  await page.goto(`/requests/${id}`);
  await expect(page.getByRole("list", { name: "Status history" })).toContainText(
    "“Local sandbox product; no cloud cost.”",
  );
  await page.getByRole("group", { name: "Deploy" }).getByRole("button", { name: "Deploy" }).click();
  await expectSucceeded(page);
  await expect(page.getByRole("heading", { level: 1 })).toContainText("up");
  await expect(page.getByLabel("Stack outputs")).toContainText('"storageUri": "file://');
  // The log's durations and the table's generated UUID differ on every run.
  await saveScreenshot(page, "deployment", {
    mask: [page.getByLabel("Deployment log"), page.getByLabel("Stack outputs")],
  });

  const deploymentId = new URL(page.url()).pathname.split("/").at(-1) ?? "";

  await page.goto("/catalog");
  await page.getByRole("searchbox", { name: "Search" }).fill("web experiments");
  const results = page.getByRole("table", { name: "Catalog results" });
  await results.getByRole("link", { name: "Web experiments" }).click();
  const outputs = page.getByRole("region", { name: "Outputs" });
  await expect(outputs).toContainText("local");
  await expect(outputs.getByRole("definition").filter({ hasText: "file://" })).toHaveCount(1);

  // Each step is in the audit log: who did what to the request, the deployment and the product.
  await page.goto(`/audit?entity=${id},${deploymentId},${PRODUCT}`);
  const audit = page.getByRole("table", { name: "Audit log" });
  const steps: [string, string | RegExp, string][] = [
    [USERS.customerMember, "request.created", id],
    [USERS.customerMember, "request.submit", id],
    [USERS.admin, "request.approve", id],
    [USERS.admin, "deployment.up.queued", deploymentId],
    // The request created the catalog row, so the stack's registration updates it.
    ["platform-token", /product\.(registered|updated)/, PRODUCT],
    ["automation", "deployment.succeeded", deploymentId],
  ];
  for (const [actor, action, entity] of steps) {
    await expect(
      audit.getByRole("row").filter({ hasText: actor }).filter({ hasText: action }).filter({
        hasText: entity,
      }),
      `${actor} ${String(action)}`,
    ).toHaveCount(1);
  }
  await member.close();
  await admin.close();
});

test("decommissioning destroys the stack, keeps the data directory and retires the catalog entry", async ({
  browser,
}) => {
  test.setTimeout(300_000);
  const { context: member, page: memberPage } = await signedIn(browser, USERS.customerMember);
  const product = await member.request.get(`/api/v1/products/${PRODUCT}`);
  const { outputs } = (await product.json()) as { outputs: { storageUri: string } | null };
  if (outputs === null) throw new Error(`${PRODUCT} has no outputs: journey 3 did not deploy it`);
  const directory = fileURLToPath(outputs.storageUri);

  await memberPage.goto(`/products/${PRODUCT}`);
  await memberPage.getByText("Request decommissioning").click();
  const form = memberPage.getByRole("form", { name: "Request decommissioning" });
  await form.getByLabel(`Why retire ${PRODUCT}?`).fill("The experiment ended.");
  await form.getByRole("button", { name: "Create decommission request" }).click();
  await expect(memberPage.getByText("Decommission request")).toBeVisible();
  await memberPage.getByRole("button", { name: "Submit for review" }).click();
  await expect(memberPage.getByRole("list", { name: "Status history" })).toContainText("submitted");
  const requestUrl = memberPage.url();

  const { context: admin, page } = await signedIn(browser, USERS.admin);
  await approve(page, PRODUCT, "Confirmed with the domain owner.");
  await page.goto(requestUrl);
  page.once("dialog", (dialog) => void dialog.accept());
  await page
    .getByRole("group", { name: "Deploy" })
    .getByRole("button", { name: "Destroy (decommission)" })
    .click();
  await expectSucceeded(page);
  await expect(page.getByRole("heading", { level: 1 })).toContainText("destroy");

  // The stack is gone, the data is not: the warehouse directory and its Iceberg metadata remain.
  expect(existsSync(directory)).toBe(true);
  expect(readdirSync(`${directory}/metadata`)).toContain("v1.metadata.json");

  await page.goto(`/products/${PRODUCT}`);
  await expect(
    page.getByRole("paragraph").filter({ hasText: PRODUCT }).locator("[data-status]"),
  ).toHaveAttribute("data-status", "decommissioned");
  await page.goto("/catalog");
  await page.getByRole("searchbox", { name: "Search" }).fill("web experiments");
  await expect(page.getByText("No products match this search.")).toBeVisible();
  await member.close();
  await admin.close();
});
