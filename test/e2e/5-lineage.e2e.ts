/**
 * Journey 5: a pipeline in the payments domain reads customer/customer-events and writes
 * payments/card-transactions, reported as OpenLineage events with a domain API key. The product
 * page then shows the observed input and the lineage graph, and the freshness SLA turns from
 * breached (last write a day ago, 5-minute SLA) to met (a run that completed just now). The
 * /lineage page draws the declared inputs next to the observed edges and keeps its state in the
 * URL.
 */
import { randomUUID } from "node:crypto";
import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { saveScreenshot } from "./support/screenshots";
import { USERS, signedIn } from "./support/session";

const UPSTREAM = { namespace: "s3://acme-customer-events", name: "events" };
const DOWNSTREAM = { namespace: "s3://acme-card-transactions", name: "transactions" };
const JOB = { namespace: "airflow-prod", name: "payments.score_transactions" };

function runEvent(eventType: "START" | "COMPLETE", runId: string, eventTime: Date) {
  return {
    eventType,
    eventTime: eventTime.toISOString(),
    run: { runId },
    job: JOB,
    inputs: [UPSTREAM],
    outputs: [DOWNSTREAM],
    producer: "https://github.com/OpenLineage/OpenLineage/tree/1.54.0/client/python",
    schemaURL: "https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent",
  };
}

async function post(request: APIRequestContext, key: string, event: object): Promise<void> {
  const response = await request.post("/api/v1/lineage", {
    headers: { authorization: `Bearer ${key}` },
    data: event,
  });
  expect(response.status(), await response.text()).toBe(201);
}

/** A run: START, then COMPLETE `minutesAgo` minutes before now. */
async function run(request: APIRequestContext, key: string, minutesAgo: number): Promise<void> {
  const runId = randomUUID();
  const completed = new Date(Date.now() - minutesAgo * 60_000);
  await post(request, key, runEvent("START", runId, new Date(completed.getTime() - 60_000)));
  await post(request, key, runEvent("COMPLETE", runId, completed));
}

async function link(request: APIRequestContext, dataset: object, product: string): Promise<void> {
  const response = await request.put("/api/v1/lineage/links", { data: { ...dataset, product } });
  expect(response.ok(), await response.text()).toBe(true);
}

function freshness(page: Page) {
  return page
    .getByRole("table", { name: "SLA status" })
    .getByRole("row", { name: /^freshness/ })
    .locator("[data-status]");
}

test("OpenLineage events draw the edge between two products and turn the freshness SLA to met", async ({
  browser,
}) => {
  const { context: payments, page } = await signedIn(browser, USERS.paymentsMember);
  const { context: customer } = await signedIn(browser, USERS.customerMember);

  const created = await payments.request.post("/api/v1/domains/payments/api-keys", {
    data: { label: "airflow-prod" },
  });
  expect(created.status()).toBe(201);
  const { key } = (await created.json()) as { key: string };

  // A day-old run creates the datasets; their owners link them to their products.
  await run(payments.request, key, 24 * 60);
  await link(customer.request, UPSTREAM, "customer/customer-events");
  await link(payments.request, DOWNSTREAM, "payments/card-transactions");
  await run(payments.request, key, 24 * 60 - 1);

  await page.goto("/products/payments/card-transactions");
  await expect(freshness(page)).toHaveAttribute("data-status", "breached");

  await run(payments.request, key, 0);
  await page.reload();
  await expect(freshness(page)).toHaveAttribute("data-status", "met");

  const lineage = page.getByRole("region", { name: "Lineage", exact: true });
  await expect(lineage.getByRole("list", { name: "Declared and observed inputs" })).toContainText(
    "Declared and observed: customer/customer-events",
  );
  await expect(
    lineage.getByRole("figure", { name: "Lineage of payments/card-transactions" }),
  ).toBeVisible();
  const listView = lineage.getByRole("group").filter({ hasText: "(list view)" });
  // fraud-scores declares card-transactions as an input; nothing of it was observed yet.
  await listView.getByText("4 nodes, 3 edges (list view)").click();
  const nodes = listView.getByRole("listitem");
  await expect(nodes.filter({ hasText: "customer/customer-events" })).toHaveCount(1);
  await expect(nodes.filter({ hasText: "payments.score_transactions" })).toHaveCount(1);
  await expect(nodes.filter({ hasText: "payments/card-transactions" })).toHaveCount(1);
  await expect(nodes.filter({ hasText: "payments/fraud-scores" })).toHaveCount(1);
  await saveScreenshot(page, "lineage", { part: lineage });

  await graphPage(page);
  await payments.close();
  await customer.close();
});

/**
 * The /lineage page: declared inputs drawn (observed ones solid and labelled, the unobserved one
 * dashed with a warning), and the graph's state in the URL: reload and Back restore it, a bad
 * parameter falls back to its default with a note.
 */
async function graphPage(page: Page): Promise<void> {
  await page.goto("/lineage?product=payments/card-transactions");
  const graph = page.locator(".lineage");
  const figure = graph.getByRole("figure", { name: "Lineage graph" });
  await expect(figure.locator(".react-flow__node")).toHaveCount(4);
  const dashed = figure.locator(".react-flow__edge.lineage-edge-unobserved");
  await expect(dashed).toHaveCount(1);
  await expect(dashed).toBeVisible();
  await expect(dashed.locator("path.react-flow__edge-path").first()).toHaveCSS(
    "stroke-dasharray",
    "6px, 4px",
  );
  await expect(dashed).toContainText("not observed");
  await expect(dashed).toHaveAttribute("aria-label", /declared, not observed/);
  // The observed input customer-events is declared too: its reads and writes edges say so.
  await expect(figure.locator(".react-flow__edge.lineage-edge-declared")).toHaveCount(2);
  await expect(page.getByRole("note").filter({ hasText: "declared input" })).toContainText(
    "payments/card-transactions → payments/fraud-scores",
  );
  await expect(figure.locator(".react-flow__node.lineage-declared-product")).toContainText(
    "payments/fraud-scores",
  );
  await saveScreenshot(page, "lineage-declared", { part: graph });

  // Filter and selection replace the current history entry; both are in the URL.
  await graph.getByLabel("Domain", { exact: true }).selectOption("payments");
  await expect(page).toHaveURL(/domain_filter=payments/);
  const list = page.locator(".lineage-list");
  await list.getByText("(list view)").click();
  await list
    .getByRole("listitem")
    .filter({ hasText: "payments.score_transactions" })
    .getByRole("button", { name: "Focus" })
    .click();
  await expect(page).toHaveURL(/focus=\d+/);
  const focused = new URL(page.url()).searchParams.get("focus");

  // A reload restores the same view.
  await page.reload();
  await expect(graph.getByLabel("Domain", { exact: true })).toHaveValue("payments");
  await expect(page.getByRole("button", { name: "Clear focus" })).toBeVisible();
  await expect(figure.locator(".react-flow__node.selected")).toContainText(
    "payments.score_transactions",
  );
  expect(new URL(page.url()).searchParams.get("focus")).toBe(focused);

  // A new start is a new entry: Back returns to the previous view, Forward to the new one.
  await page.getByLabel("Direction").selectOption("upstream");
  await page.getByRole("button", { name: "Show", exact: true }).click();
  await expect(page).toHaveURL(/direction=upstream/);
  await expect(page).not.toHaveURL(/domain_filter/);
  await expect(figure.locator(".react-flow__node")).toHaveCount(3);
  await page.goBack();
  await expect(page).toHaveURL(/domain_filter=payments/);
  await expect(page).not.toHaveURL(/direction=upstream/);
  await expect(graph.getByLabel("Domain", { exact: true })).toHaveValue("payments");
  await expect(page.getByLabel("Direction")).toHaveValue("both");
  await page.goForward();
  await expect(page).toHaveURL(/direction=upstream/);
  await expect(page.getByLabel("Direction")).toHaveValue("upstream");

  // A bad value never breaks the page: the default is used and the note says which.
  await page.goto("/lineage?product=payments/card-transactions&depth=99&direction=sideways");
  const ignored = page.getByRole("status", { name: "Link parameters ignored" });
  await expect(ignored).toContainText('"depth=99" ignored');
  await expect(ignored).toContainText('"direction=sideways" ignored');
  await expect(figure.locator(".react-flow__node")).toHaveCount(4);

  await productPicker(page);
}

/**
 * The product field searches as the user types (GET /api/v1/lineage/products): the page carries
 * no product list, the suggestions arrive with the typing, and a new product is a new start.
 */
async function productPicker(page: Page): Promise<void> {
  await page.goto("/lineage?product=payments/card-transactions");
  const start = page.getByRole("form", { name: "Where to start" });
  const product = start.getByRole("combobox", { name: "Product", exact: true });
  await expect(product).toHaveValue("payments/card-transactions");
  await expect(start.locator("datalist option")).toHaveCount(0);
  const searched = page.waitForResponse((response) =>
    response.url().includes("/api/v1/lineage/products?q=fraud"),
  );
  await product.fill("fraud");
  expect((await searched).status()).toBe(200);
  await expect(start.locator('datalist option[value="payments/fraud-scores"]')).toHaveCount(1);

  // Not a domain/name: the browser keeps the form and the graph stays where it was.
  await start.getByRole("button", { name: "Show", exact: true }).click();
  expect(await product.evaluate((input: HTMLInputElement) => input.validity.patternMismatch)).toBe(
    true,
  );
  await expect(page).toHaveURL(/product=payments\/card-transactions$/);

  await product.fill("payments/fraud-scores");
  await start.getByRole("button", { name: "Show", exact: true }).click();
  await expect(page).toHaveURL(/product=payments%2Ffraud-scores/);
  await expect(product).toHaveValue("payments/fraud-scores");
  await page.goBack();
  await expect(product).toHaveValue("payments/card-transactions");
}
