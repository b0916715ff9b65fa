/**
 * Journey 1: a domain member signs in, makes mistakes on the new-request form and sees each error
 * next to its field, fixes them, imports a spec from YAML, submits, and sees the submitted request
 * with its plan preview and policy results; the review queue shows its policy status.
 */
import { expect, test } from "@playwright/test";
import { saveScreenshot } from "./support/screenshots";
import { USERS, newUserContext, signInWithForm, signedIn } from "./support/session";
import { exampleYaml } from "./support/specs";

test("a member files a request: field errors, YAML import, submit, plan preview and policy results", async ({
  browser,
}) => {
  const member = await newUserContext(browser, USERS.customerMember);
  const page = await member.newPage();
  await signInWithForm(page, USERS.customerMember);
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  await saveScreenshot(page, "home");

  await page
    .getByRole("navigation", { name: "Main" })
    .getByRole("link", { name: "New request" })
    .click();
  const form = page.getByRole("form", { name: "Data product request" });
  await expect(form).toBeVisible();

  // Mistakes: a bad name, archive before cool, a partition on a column that no longer exists.
  await form.getByLabel("Product name").fill("Web_Sessions");
  await form.getByLabel("Custom storage lifecycle").check();
  await form.getByLabel("Move to cool storage after (days)").fill("120");
  await form.getByRole("button", { name: "Add partition field" }).click();
  await expect(form.getByLabel("Partition 1 column")).toHaveValue("id");
  await form.getByLabel("Name of id").fill("session_id");
  await form.getByRole("button", { name: "Submit for review" }).click();

  await expect(form.getByLabel("Product name")).toHaveAttribute("aria-invalid", "true");
  await expect(form.getByLabel("Product name")).toHaveAccessibleDescription(
    /use lowercase letters, digits and single hyphens, starting with a letter/,
  );
  await expect(form.getByLabel("Archive after (days)")).toHaveAccessibleDescription(
    /archiveAfterDays \(90\) must be greater than coolAfterDays \(120\)/,
  );
  const partition = form
    .getByRole("listitem")
    .filter({ has: page.getByLabel("Partition 1 column") });
  await expect(partition).toContainText(
    'partition column "id" is not a column of this table (columns: session_id)',
  );
  await expect(form.getByRole("alert").first()).toContainText("stop this spec from validating");
  await saveScreenshot(page, "new-request-errors");

  // Fixes: each error goes away with its cause.
  await form.getByLabel("Product name").fill("web-sessions");
  await expect(form.getByLabel("Product name")).toHaveAttribute("aria-invalid", "false");
  await form.getByLabel("Move to cool storage after (days)").fill("30");
  await expect(form.getByLabel("Archive after (days)")).toHaveAttribute("aria-invalid", "false");
  await form.getByRole("button", { name: "Remove partition 1" }).click();
  await expect(form.getByText("Not partitioned.")).toBeVisible();

  // Import the full spec from YAML, then submit it.
  await form.getByLabel("Import YAML or JSON").setInputFiles({
    name: "web-sessions.yaml",
    mimeType: "application/yaml",
    buffer: Buffer.from(
      exampleYaml("customer-events.yaml", { name: "web-sessions", displayName: "Web sessions" }),
    ),
  });
  await expect(form.getByRole("status").filter({ hasText: "Spec imported" })).toBeVisible();
  await expect(form.getByLabel("Product name")).toHaveValue("web-sessions");
  await expect(form.getByText("The spec is valid.")).toBeVisible();

  // The draft is created, then submitted: when the submit fails, the draft is kept and the next
  // attempt submits that draft instead of filing a second request.
  await page.route("**/api/v1/requests/*/submit", (route) =>
    route.fulfill({
      status: 503,
      contentType: "application/problem+json",
      body: JSON.stringify({ title: "Service Unavailable", status: 503, detail: "try again" }),
    }),
  );
  await form.getByRole("button", { name: "Submit for review" }).click();
  await expect(form.getByRole("alert").filter({ hasText: "draft is saved" })).toContainText(
    "Your draft is saved, but submitting it failed",
  );
  await expect(page).toHaveURL(/\/requests\/[^/]+\/edit$/);
  const draftUrl = page.url();
  await page.unroute("**/api/v1/requests/*/submit");
  await form.getByRole("button", { name: "Submit for review" }).click();

  await expect(
    page.getByRole("heading", { level: 1, name: "customer/web-sessions" }),
  ).toBeVisible();
  expect(page.url()).toBe(draftUrl.replace(/\/edit$/, ""));
  await expect(page.getByRole("list", { name: "Status history" })).toContainText("submitted");
  const plan = page.getByRole("region", { name: "Plan preview" });
  const policies = plan.getByRole("table", { name: "Policy results" });
  await expect(policies).toBeVisible();
  await expect(plan.locator("[data-policy-status]")).toHaveText("policies pass");
  await expect(policies.getByRole("row", { name: /MP-ENC-001/ })).toContainText("pass");
  await expect(plan.getByRole("table", { name: "Resources by type" })).toContainText(
    "aws:s3/bucket:Bucket",
  );
  // The tree groups resources by component; data stores are protected and retained on delete.
  const tree = plan.getByRole("list", { name: "Planned resources" });
  await expect(tree.getByRole("listitem").first()).toContainText(
    "meshplane:index:DataProduct web-sessions",
  );
  const storage = plan.getByRole("list", { name: "Children of storage" });
  await expect(
    storage.getByRole("group").filter({ hasText: "aws:s3/bucket:Bucket storage-bucket" }),
  ).toContainText(/protected\s*retained on delete/);
  await saveScreenshot(page, "request-plan-preview");

  // The review queue shows the request with its policy status.
  const { context: admin, page: review } = await signedIn(browser, USERS.admin);
  await review.goto("/review");
  const entry = review
    .getByRole("list", { name: "Requests waiting for review" })
    .getByRole("listitem")
    .filter({ hasText: "customer/web-sessions" });
  await expect(entry.locator("[data-policy-status]")).toHaveText("policies pass");
  await saveScreenshot(review, "review-queue");
  await admin.close();
  await member.close();
});
