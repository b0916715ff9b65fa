/**
 * Journey (issue 18): access to another domain's product, for real on the local target. Customer
 * deploys a restricted local product and writes rows into it through the Iceberg REST catalog; a
 * payments member asks for access in the browser (the rules shown first, field errors at the
 * field); customer's owner and then a platform admin approve (two people, the table saying what
 * is still needed); payments' API key then loads the table with pyiceberg; both domain pages show
 * the grant; the owner revokes and the next load is 403. A local product's grant is enforced by
 * the catalog itself: no stack change follows the decision, and the page says so.
 */
import { expect, test, type Page } from "@playwright/test";
import { runPythonToolAsync } from "../support/python";
import { CHURN_ROWS_PYTHON } from "./support/churn-rows";
import { approve, expectSucceeded, submitted } from "./support/review";
import { saveScreenshot } from "./support/screenshots";
import { E2E_BASE_URL } from "./support/server";
import { USERS, signedIn } from "./support/session";
import { exampleSpec } from "./support/specs";

const PRODUCT = "customer/restricted-churn";

test.describe.configure({ mode: "serial" });

/**
 * pyiceberg against the portal's Iceberg REST catalog with a domain API key: `append` writes three
 * rows, `load` only reads. Prints the HTTP outcome and the rows read as one JSON line; a refused
 * load (pyiceberg's ForbiddenError for a 403) is an answer, not a failure of the script.
 */
const ENGINE = `${CHURN_ROWS_PYTHON}
import json, sys
from pyiceberg.catalog.rest import RestCatalog
from pyiceberg.exceptions import ForbiddenError

uri, key, identifier, mode = sys.argv[1:5]
try:
    table = RestCatalog("meshplane", uri=uri, token=key).load_table(identifier)
except ForbiddenError as error:
    print(json.dumps({"status": 403, "rows": None, "error": str(error)}))
    sys.exit(0)
if mode == "append":
    table.append(churn_rows(table.schema().as_arrow()))
    table = table.refresh()
print(json.dumps({"status": 200, "rows": table.scan().to_arrow().num_rows}))
`;

interface EngineView {
  status: number;
  rows: number | null;
  error?: string;
}

async function engine(key: string, mode: "append" | "load"): Promise<EngineView> {
  const run = await runPythonToolAsync(
    "python",
    ["-c", ENGINE, `${E2E_BASE_URL}/api/iceberg`, key, PRODUCT.replace("/", "."), mode],
    120_000,
  );
  expect(run.status, `${run.stdout}\n${run.stderr}`).toBe(0);
  return JSON.parse(run.stdout.trim().split("\n").at(-1) ?? "") as EngineView;
}

/** A day (YYYY-MM-DD, UTC) `days` from now, as the date picker takes it. */
function dayFromNow(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

/** payments' row in the product page's table of requests and grants. */
function paymentsRow(page: Page) {
  return page
    .getByRole("region", { name: "Access" })
    .getByRole("table", { name: "Access requests and grants" })
    .getByRole("row")
    .filter({ hasText: "payments" });
}

/** Takes a decision on payments' row with a reason, as an owner or admin does on the page. */
async function decide(page: Page, action: "Approve" | "Revoke", reason: string): Promise<void> {
  await page.goto(`/products/${PRODUCT}`);
  const row = paymentsRow(page);
  await row.getByLabel("Reason").fill(reason);
  const answered = page.waitForResponse(
    (response) =>
      response.request().method() === "POST" && response.url().endsWith(`/${action.toLowerCase()}`),
  );
  await row.getByRole("button", { name: action }).click();
  expect((await answered).status()).toBe(200);
}

test("a restricted product: asked in the browser, two approvals, read by key, revoked, 403", async ({
  browser,
}) => {
  test.setTimeout(900_000);
  const { context: member } = await signedIn(browser, USERS.customerMember);
  const { context: owner, page: ownerPage } = await signedIn(browser, USERS.customerOwner);
  const { context: admin, page: adminPage } = await signedIn(browser, USERS.admin);
  const { context: consumer, page } = await signedIn(browser, USERS.paymentsMember);
  const { context: consumerOwner } = await signedIn(browser, USERS.paymentsOwner);

  // Customer's restricted product goes live on the local target.
  const created = await submitted(
    member,
    "create",
    exampleSpec("churn-experiments.yaml", {
      domain: "customer",
      name: "restricted-churn",
      displayName: "Restricted churn",
      classification: "restricted",
      owners: { team: "customer-data", emails: [USERS.customerOwner] },
      inputs: [],
    }),
  );
  await approve(adminPage, PRODUCT, "Local sandbox product; no cloud cost.");
  await adminPage.goto(`/requests/${created}`);
  await adminPage
    .getByRole("group", { name: "Deploy" })
    .getByRole("button", { name: "Deploy" })
    .click();
  await expectSucceeded(adminPage);

  // Customer writes rows through the catalog; payments' key may not read them yet.
  const key = async (context: typeof owner, slug: string) => {
    const issued = await context.request.post(`/api/v1/domains/${slug}/api-keys`, {
      data: { label: "journey access" },
    });
    expect(issued.status(), await issued.text()).toBe(201);
    return ((await issued.json()) as { key: string }).key;
  };
  expect(await engine(await key(owner, "customer"), "append")).toMatchObject({ rows: 3 });
  const paymentsKey = await key(consumerOwner, "payments");
  expect(await engine(paymentsKey, "load")).toMatchObject({ status: 403 });

  // A payments member asks in the browser: the rules first, then the field errors at the field.
  await page.goto(`/products/${PRODUCT}`);
  const access = page.getByRole("region", { name: "Access" });
  await expect(access).toContainText(
    "restricted: approved by an owner of customer and a platform admin, two different people; an end date is required, at most 90 days ahead.",
  );
  await expect(access.getByRole("form", { name: "Request access" })).toBeHidden();
  await access.locator("summary", { hasText: "Request access" }).click();
  const form = access.getByRole("form", { name: "Request access" });
  await expect(form.getByLabel("On behalf of")).toHaveValue("payments");
  await expect(form).toContainText("Who reads: the domain itself, with its API keys");
  await form.getByLabel("Purpose").fill("short");
  await form.getByRole("button", { name: "Request access" }).click();
  await expect(form.getByLabel("Purpose")).toHaveAttribute("aria-invalid", "true");
  await expect(form.getByLabel("Purpose")).toHaveAccessibleDescription(/at least 10 characters/);
  await form.getByLabel("Purpose").fill("Fraud features joined with churn risk for card holders.");
  await form.getByRole("button", { name: "Request access" }).click();
  await expect(form.getByLabel("End date")).toHaveAccessibleDescription(
    /restricted products are granted until an end date/,
  );
  await expect(form.getByLabel("End date")).toHaveAttribute("max", dayFromNow(90));
  await saveScreenshot(page, "access-request-errors", { part: access });
  await form.getByLabel("End date").fill(dayFromNow(30));
  await form.getByRole("button", { name: "Request access" }).click();
  await expect(form.getByRole("status")).toHaveText(
    "Asked: it needs an owner's approval and a platform admin's approval.",
  );
  const asked = paymentsRow(page);
  await expect(asked.locator("[data-access-status]")).toHaveText("requested");
  await expect(asked).toContainText(
    "Still needs an owner's approval and a platform admin's approval.",
  );
  await expect(asked).toContainText("domain payments (its API keys)");
  // The requester decides nothing on it.
  await expect(asked.getByRole("button")).toHaveCount(0);

  // Customer's owner approves; the table says what is still needed; still 403.
  await decide(ownerPage, "Approve", "Fraud may join churn risk for 30 days.");
  const afterOwner = paymentsRow(ownerPage);
  await expect(afterOwner).toContainText("owner Carol Customer <carol@meshplane.test>");
  await expect(afterOwner).toContainText("Still needs a platform admin's approval.");
  await expect(afterOwner.getByRole("button", { name: "Approve" })).toHaveCount(0);
  expect(await engine(paymentsKey, "load")).toMatchObject({ status: 403 });

  // A platform admin, another person, approves: the grant is in force at once (the catalog
  // checks it on every load; a local product has no stack change to deploy, and says so).
  await decide(adminPage, "Approve", "Restricted data: approved for the fraud model's review.");
  const granted = paymentsRow(adminPage);
  await expect(granted.locator("[data-access-status]")).toHaveText("approved");
  await expect(granted).toContainText("platform-admin Alice Admin <alice@meshplane.test>");
  await expect(granted).not.toContainText("Still needs");
  await expect(adminPage.getByLabel("How grants apply")).toContainText(
    "Local product: nothing to deploy",
  );
  await expect(adminPage.getByLabel("Grant provisioning")).toHaveCount(0);
  await saveScreenshot(adminPage, "access-grants", {
    part: adminPage.getByRole("region", { name: "Access" }),
  });
  expect(await engine(paymentsKey, "load")).toEqual({ status: 200, rows: 3 });

  // Both domain pages show the grant, each from its side.
  await page.goto("/domains/payments");
  const consumes = page.getByRole("region", { name: "What we consume" });
  await expect(
    consumes.getByRole("row").filter({ hasText: PRODUCT }).locator("[data-access-status]"),
  ).toHaveText("approved");
  await ownerPage.goto("/domains/customer");
  const ours = ownerPage.getByRole("region", { name: "Who consumes ours" });
  await expect(ours.getByRole("row").filter({ hasText: "payments" })).toContainText(PRODUCT);
  await saveScreenshot(ownerPage, "domain-access", { part: ours });

  // The owner revokes: the next load is refused.
  await decide(ownerPage, "Revoke", "The fraud review has ended.");
  await expect(paymentsRow(ownerPage).locator("[data-access-status]")).toHaveText("revoked");
  await expect(paymentsRow(ownerPage)).toContainText("Revoked: The fraud review has ended.");
  expect(await engine(paymentsKey, "load")).toMatchObject({ status: 403 });

  for (const context of [member, owner, admin, consumer, consumerOwner]) await context.close();
});
