/**
 * Journey 5: a pipeline in the payments domain reads customer/customer-events and writes
 * payments/card-transactions, reported as OpenLineage events with a domain API key. The product
 * page then shows the observed input and the lineage graph, and the freshness SLA turns from
 * breached (last write a day ago, 5-minute SLA) to met (a run that completed just now).
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

  const lineage = page.getByRole("region", { name: "Lineage" });
  await expect(lineage.getByRole("list", { name: "Declared and observed inputs" })).toContainText(
    "Declared and observed: customer/customer-events",
  );
  await expect(
    lineage.getByRole("figure", { name: "Lineage of payments/card-transactions" }),
  ).toBeVisible();
  const listView = lineage.getByRole("group").filter({ hasText: "(list view)" });
  await listView.getByText("3 nodes, 2 edges (list view)").click();
  const nodes = listView.getByRole("listitem");
  await expect(nodes.filter({ hasText: "customer/customer-events" })).toHaveCount(1);
  await expect(nodes.filter({ hasText: "payments.score_transactions" })).toHaveCount(1);
  await expect(nodes.filter({ hasText: "payments/card-transactions" })).toHaveCount(1);
  await saveScreenshot(page, "lineage", { part: lineage });
  await payments.close();
  await customer.close();
});
